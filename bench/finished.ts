/**
 * A crowd on a finished file: 1,000 concurrent downloads of one 64 MiB file (quick: 100 of
 * 8 MiB). Aggregate throughput ÷ the baseline's, and how much the server's RSS grows while
 * it serves them.
 */
import type { Bench, Context } from './lib/context';
import { startCrowd } from './lib/crowd';
import { gatedStream } from './lib/data';
import { put } from './lib/http';
import { withBoth } from './lib/pair';
import { sampleRss } from './lib/procs';
import { figure, type Figure } from './lib/report';
import { median, MiB } from './lib/stats';
import type { Target } from './lib/targets';

export const finished: Bench = { name: 'crowd', run };

async function run(ctx: Context): Promise<Figure[]> {
  // One round by default: a round already moves 64 GiB through each server.
  const rounds = Math.min(ctx.options.rounds, 1);
  const { quick } = ctx.options;
  const size = quick ? 8 * MiB : 64 * MiB;
  const n = quick ? 100 : 1000;
  return withBoth(ctx, 'crowd', async (ours, base) => {
    const s = {
      tput: { ours: [] as number[], baseline: [] as number[] },
      rss: { ours: [] as number[], baseline: [] as number[] },
    };
    for (let r = 0; r < rounds; r++) {
      ctx.log(`crowd round ${r + 1}/${rounds}: ${n} downloads of ${size / MiB} MiB`);
      for (const [t, pid] of [
        [base.target, base.pid],
        [ours.target, ours.server.pid],
      ] as const) {
        const m = await measure(ctx, t, pid, size, n);
        s.tput[t.name].push(m.tput);
        s.rss[t.name].push(m.growth);
      }
    }
    const tput = median(s.tput.ours);
    const growth = median(s.rss.ours);
    return [
      figure({
        id: 'crowd.finished.throughput',
        label: `${n} downloads of a finished ${size / MiB} MiB file`,
        unit: 'MiB/s',
        ours: tput,
        baseline: median(s.tput.baseline),
        samples: s.tput,
        target: '≥ 0.9× baseline',
        met: tput >= 0.9 * median(s.tput.baseline),
      }),
      figure({
        id: 'crowd.finished.rss',
        label: `server RSS growth, ${n} downloads of a finished file`,
        unit: 'MiB',
        ours: growth,
        baseline: median(s.rss.baseline),
        samples: s.rss,
        target: '< 128 MiB',
        met: growth < 128,
      }),
    ];
  });
}

async function measure(ctx: Context, target: Target, pid: number, size: number, n: number) {
  const slot = await target.slot('crowd.bin');
  const { stream, release } = gatedStream(size, 0);
  release();
  const r = await put(slot.puturl, stream, size);
  if (r.status !== 200)
    throw new Error(`${target.name}: the upload answered ${r.status}: ${r.body}`);
  const sampler = sampleRss(pid);
  const started = performance.now();
  const crowd = startCrowd(ctx.dist, slot.tailUrl, n, size, 1);
  const got = await crowd.done;
  const ms = performance.now() - started;
  const rss = sampler.stop();
  await slot.remove();
  const bytes = got.bytes.reduce((a, b) => a + b, 0);
  return { tput: (bytes / MiB / ms) * 1000, growth: (rss.peak - rss.before) / MiB };
}
