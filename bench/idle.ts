/**
 * Idle live connections: 10,000 WebSockets of one account connected and pinging (quick:
 * 1,000). Server RSS growth while they are connected, and drop → link on the wire (create a
 * share, then a file: what a drop asks of the server) while they are, beside the same
 * measured before they connected.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Bench, Context } from './lib/context';
import { startOurs, type Ours } from './lib/ours';
import { sampleRss } from './lib/procs';
import { figure, type Figure } from './lib/report';
import { MiB, percentile } from './lib/stats';

export const idle: Bench = { name: 'idle', run };

type Message = { type: 'connected'; count: number } | { type: 'error'; message: string };

async function run(ctx: Context): Promise<Figure[]> {
  const n = ctx.options.quick ? 1000 : 10_000;
  const drops = ctx.options.quick ? 50 : 200;
  const ours = await startOurs(ctx, 'idle');
  try {
    await dropTimes(ours, 20);
    const before = await dropTimes(ours, drops);
    const sampler = sampleRss(ours.server.pid);
    const child = fork(
      join(ctx.dist, 'bench/live-crowd.cjs'),
      [ours.server.url, ours.client.token, String(n)],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.on('message', (m: Message) => {
          if (m.type === 'connected') resolve();
          else reject(new Error(`live sockets: ${m.message}`));
        });
        child.once('exit', (code) => reject(new Error(`live sockets exited (${String(code)})`)));
      });
      ctx.log(`idle: ${n} live sockets connected`);
      const during = await dropTimes(ours, drops);
      const rss = sampler.stop();
      const growth = (rss.peak - rss.before) / MiB;
      const p99 = percentile(during, 99);
      return [
        figure({
          id: 'idle.live.rss',
          label: `server RSS growth, ${n} idle live sockets`,
          unit: 'MiB',
          ours: growth,
          baseline: null,
          target: '< 100 MiB',
          met: growth < 100,
          note: `${(rss.before / MiB).toFixed(0)} → ${(rss.peak / MiB).toFixed(0)} MiB`,
        }),
        figure({
          id: 'idle.live.drop.p50',
          label: `drop → link on the wire, ${n} live sockets: p50`,
          unit: 'ms',
          ours: percentile(during, 50),
          baseline: percentile(before, 50),
          note: 'baseline: the same server before the sockets connected',
        }),
        figure({
          id: 'idle.live.drop.p99',
          label: `drop → link on the wire, ${n} live sockets: p99`,
          unit: 'ms',
          ours: p99,
          baseline: percentile(before, 99),
          target: '≤ 15 ms',
          met: p99 <= 15,
        }),
      ];
    } finally {
      if (child.connected) child.send({ type: 'stop' });
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    }
  } finally {
    await ours.server.stop();
  }
}

/** Milliseconds for each of `count` share + file creations in a row. */
async function dropTimes(ours: Ours, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const share = await ours.client.createShare();
    await ours.client.createFile(share.sharename, `drop-${i}.txt`);
    times.push(performance.now() - t0);
  }
  return times;
}
