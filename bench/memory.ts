/**
 * Server memory: RSS of the server process before and at its peak while one big upload is
 * tailed by a crowd of downloaders (ours and the baseline, each in a fresh process). The
 * downloaders stop when the upload ends.
 */
import type { Bench, Context } from './lib/context';
import { startCrowd } from './lib/crowd';
import { gatedStream } from './lib/data';
import { put } from './lib/http';
import { withBoth } from './lib/pair';
import { sampleRss } from './lib/procs';
import { figure, type Figure } from './lib/report';
import { MiB } from './lib/stats';
import { tailable, type Target } from './lib/targets';

export const memory: Bench = { name: 'memory', run };

async function run(ctx: Context): Promise<Figure[]> {
  const size = ctx.options.quick ? 128 * MiB : 2048 * MiB;
  const tailers = ctx.options.quick ? 5 : 20;
  return withBoth(ctx, 'memory', async (ours, base) => {
    ctx.log(`memory: baseline, ${size / MiB} MiB upload with ${tailers} downloaders`);
    const b = await measure(ctx, base.target, base.pid, size, tailers);
    ctx.log(`memory: ours, ${size / MiB} MiB upload with ${tailers} downloaders`);
    const o = await measure(ctx, ours.target, ours.server.pid, size, tailers);
    const growth = (o.peak - o.before) / MiB;
    return [
      figure({
        id: 'memory.server.growth',
        label: `server RSS growth, ${size / MiB} MiB upload + ${tailers} downloaders`,
        unit: 'MiB',
        ours: growth,
        baseline: (b.peak - b.before) / MiB,
        target: '< 64 MiB',
        met: growth < 64,
        note: `ours ${(o.before / MiB).toFixed(0)} → ${(o.peak / MiB).toFixed(0)} MiB, baseline ${(b.before / MiB).toFixed(0)} → ${(b.peak / MiB).toFixed(0)} MiB`,
      }),
    ];
  });
}

async function measure(ctx: Context, target: Target, pid: number, size: number, tailers: number) {
  const head = MiB;
  const sampler = sampleRss(pid);
  const slot = await target.slot('memory.bin');
  const { stream, release } = gatedStream(size, head);
  const putting = put(slot.puturl, stream, size);
  await tailable(slot, putting);
  const crowd = startCrowd(ctx.dist, slot.tailUrl, tailers, size, head);
  await crowd.attached;
  release();
  const r = await putting;
  if (r.status !== 200)
    throw new Error(`${target.name}: the upload answered ${r.status}: ${r.body}`);
  // The peak that matters is while the upload runs; the downloaders' catching up is not timed.
  crowd.stop();
  await crowd.done;
  const rss = sampler.stop();
  await slot.remove();
  return rss;
}
