/**
 * A crowd of downloaders tailing one upload, in a process of its own so their work does not
 * share the uploader's event loop. Usage (forked with IPC): tailers.cjs <url> <count> <total> <head>
 * Sends {type:'attached'} once every downloader holds the first <head> bytes, then
 * {type:'done', bytes:[...]} when all have the whole file, or {type:'error', message}.
 * A {type:'stop'} message ends them early (they then report what they got).
 */
import { download } from './lib/http';

const [url, countText, totalText, headText] = process.argv.slice(2);
const count = Number(countText);
const head = Number(headText);
const send = (m: object) => process.send?.(m);
const stop = new AbortController();
const got = new Array<number>(count).fill(0);

let attached = 0;
const runs = got.map((_, i) =>
  download(url!, {
    signal: stop.signal,
    onData: (bytes) => {
      if (got[i]! < head && bytes >= head && ++attached === count) send({ type: 'attached' });
      got[i] = bytes;
    },
  }),
);
process.on('message', (m: { type?: string }) => {
  if (m.type === 'stop') stop.abort();
});
Promise.all(runs).then(
  (results) => {
    const bad = results.find((r) => r.status !== 200 || r.bytes !== Number(totalText));
    if (bad)
      send({ type: 'error', message: `a downloader got ${bad.status} and ${bad.bytes} bytes` });
    else send({ type: 'done', bytes: got });
    process.disconnect?.();
  },
  (err: unknown) => {
    if (stop.signal.aborted) send({ type: 'done', bytes: got });
    else send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    process.disconnect?.();
  },
);
