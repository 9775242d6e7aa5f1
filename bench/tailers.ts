/**
 * A crowd of downloaders tailing one upload, in a process of its own so their work does not
 * share the uploader's event loop. Usage (forked with IPC): tailers.cjs <url> <count> <total> <head>
 * Sends {type:'attached'} once every downloader holds the first <head> bytes, then
 * {type:'done', bytes:[...]} or {type:'error', message}.
 */
import { download } from './lib/http';

const [url, countText, totalText, headText] = process.argv.slice(2);
const count = Number(countText);
const head = Number(headText);
const send = (m: object) => process.send?.(m);

let attached = 0;
const runs = Array.from({ length: count }, () => {
  let counted = false;
  return download(url!, {
    onData: (bytes) => {
      if (!counted && bytes >= head) {
        counted = true;
        if (++attached === count) send({ type: 'attached' });
      }
    },
  });
});
Promise.all(runs).then(
  (results) => {
    const bad = results.find((r) => r.status !== 200 || r.bytes !== Number(totalText));
    if (bad)
      send({ type: 'error', message: `a downloader got ${bad.status} and ${bad.bytes} bytes` });
    else send({ type: 'done', bytes: results.map((r) => r.bytes) });
    process.disconnect?.();
  },
  (err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    process.disconnect?.();
  },
);
