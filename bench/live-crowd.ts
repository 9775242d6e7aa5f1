/**
 * Many idle live connections, in a process of its own. Usage (forked with IPC):
 * live-crowd.cjs <httpUrl> <accesstoken> <count>
 * Opens <count> WebSockets to /1/live, 200 at a time, each sending `connect` with a session of
 * its own and then a ping every 20 s (as the app does), and answering the server's pings.
 * Sends {type:'connected', count} once all are connected, {type:'error', message} on failure,
 * and closes them all on {type:'stop'}.
 */
import WebSocket from 'ws';

const [url, accesstoken, countText] = process.argv.slice(2);
const count = Number(countText);
const send = (m: object) => process.send?.(m);
const sockets: WebSocket[] = [];
const timers: NodeJS.Timeout[] = [];
let closedEarly = 0;

function open(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url!.replace(/^http/, 'ws')}/1/live`);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'connect', accesstoken, session: `idle-${i}` }));
      // Spread the pings so 10,000 sockets do not all speak in the same millisecond.
      const ping = setTimeout(
        () => timers.push(setInterval(() => ws.send('{"type":"ping"}'), 20_000)),
        (i * 7) % 20_000,
      );
      timers.push(ping);
      sockets.push(ws);
      resolve();
    });
    ws.on('message', (data: Buffer) => {
      if (data.toString() === 'ping') ws.send('pong');
    });
    ws.once('close', () => closedEarly++);
    ws.once('error', reject);
  });
}

async function main() {
  for (let i = 0; i < count; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, j) => open(i + j)));
  }
  // A connection the server refused closes right after opening: give it a moment to.
  await new Promise((r) => setTimeout(r, 500));
  if (closedEarly > 0) throw new Error(`the server closed ${closedEarly} of ${count} sockets`);
  send({ type: 'connected', count: sockets.length });
}

process.on('message', (m: { type?: string }) => {
  if (m.type !== 'stop') return;
  for (const t of timers) clearTimeout(t);
  for (const ws of sockets) ws.terminate();
  process.disconnect?.();
});
main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.disconnect?.();
});
