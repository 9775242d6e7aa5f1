/**
 * A crowd of downloaders tailing one upload, in a process of its own so their work does not
 * share the uploader's event loop.
 * Usage (forked with IPC): tailers.cjs <url> <count> <total> <head> [<every>]
 * Sends {type:'attached'} once every downloader holds the first <head> bytes, then
 * {type:'done', bytes:[...], arrivals?:[...]} when all have the whole file, or {type:'error'}.
 * With <every>, each downloader also reports when it first held each multiple of <every>
 * bytes (on the clock all processes share), for latency and per-downloader throughput.
 * A {type:'stop'} message ends them early (they then report what they got).
 */
import { download } from './lib/http';
import { sharedNow } from './lib/stats';

const [url, countText, totalText, headText, everyText] = process.argv.slice(2);
const count = Number(countText);
const head = Number(headText);
const every = everyText ? Number(everyText) : 0;
// Disconnects only once the message has left: a large report must not be cut off.
const send = (m: object, then?: () => void) => process.send?.(m, undefined, {}, () => then?.());
const finish = () => process.disconnect?.();
const stop = new AbortController();
const got = new Array<number>(count).fill(0);
const arrivals: number[][] = got.map(() => []);

let attached = 0;
const runs = got.map((_, i) =>
  download(url!, {
    signal: stop.signal,
    onData: (bytes) => {
      if (got[i]! < head && bytes >= head && ++attached === count) send({ type: 'attached' });
      got[i] = bytes;
      if (every > 0) {
        const mine = arrivals[i]!;
        const now = sharedNow();
        while ((mine.length + 1) * every <= bytes) mine.push(now);
      }
    },
  }),
);
process.on('message', (m: { type?: string }) => {
  if (m.type === 'stop') stop.abort();
});
const done = () => send({ type: 'done', bytes: got, ...(every > 0 ? { arrivals } : {}) }, finish);
Promise.all(runs).then(
  (results) => {
    const bad = results.find((r) => r.status !== 200 || r.bytes !== Number(totalText));
    if (bad)
      send(
        { type: 'error', message: `a downloader got ${bad.status} and ${bad.bytes} bytes` },
        finish,
      );
    else done();
  },
  (err: unknown) => {
    if (stop.signal.aborted) done();
    else send({ type: 'error', message: err instanceof Error ? err.message : String(err) }, finish);
  },
);
