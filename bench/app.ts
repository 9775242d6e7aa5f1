/**
 * The app's services (main/core in a child process, with its embedded server): drop → link
 * on the clipboard, for 1-file and 100-file drops, and their memory while uploading a big file.
 */
import { join } from 'node:path';
import type { Bench, Context } from './lib/context';
import { startBaseline } from './lib/baseline';
import { runChild } from './lib/child';
import { writeRandomFile } from './lib/data';
import { figure, type Figure } from './lib/report';
import { median, MiB, percentile } from './lib/stats';

export const app: Bench = { name: 'app', run };

interface Drops {
  ours: number[];
  baseline: number[];
}
interface Rss {
  before: number;
  peak: number;
}

async function run(ctx: Context): Promise<Figure[]> {
  const { quick } = ctx.options;
  const base = await startBaseline(ctx, 'app');
  try {
    const dropFigures = async (
      n: number,
      drops: number,
      when: 'idle' | 'busy',
    ): Promise<Figure[]> => {
      ctx.log(`${drops} drops of ${n} file(s), ${when}`);
      const r = await runChild<Drops>(ctx.dist, 'core-child.cjs', [
        'drops',
        join(ctx.tmp, `app-drops-${n}-${when}`),
        join(ctx.tmp, `app-files-${n}`),
        String(drops),
        String(n),
        base.url,
        when,
      ]);
      const what =
        (n === 1 ? 'drop → link' : `drop ${n} files → links`) +
        (when === 'busy' ? ' (previous drop uploading)' : '');
      const p50 = median(r.ours);
      const p99 = percentile(r.ours, 99);
      // Targets hold for a drop on an app that is not already uploading; the busy figure
      // shows what the uploads of the drop before cost it.
      const targets = when === 'idle';
      return [
        figure({
          id: `drop.${n}.${when}.p50`,
          label: `${what} p50`,
          unit: 'ms',
          ours: p50,
          baseline: median(r.baseline),
          ...(targets && n === 1 ? { target: '≤ 15 ms', met: p50 <= 15 } : {}),
          ...(targets && n > 1
            ? { target: '≤ 1.5× baseline', met: p50 <= 1.5 * median(r.baseline) }
            : {}),
          note:
            n === 1
              ? 'baseline: two bare HTTP round trips from the same process'
              : `baseline: 1 + ${n} bare round trips, 16 in flight`,
        }),
        figure({
          id: `drop.${n}.${when}.p99`,
          label: `${what} p99`,
          unit: 'ms',
          ours: p99,
          baseline: percentile(r.baseline, 99),
          ...(targets && n === 1 ? { target: '≤ 15 ms', met: p99 <= 15 } : {}),
        }),
      ];
    };
    const figures = [
      ...(await dropFigures(1, quick ? 20 : 200, 'idle')),
      ...(await dropFigures(100, quick ? 3 : 20, 'idle')),
      ...(await dropFigures(100, quick ? 3 : 20, 'busy')),
    ];

    const size = quick ? 128 * MiB : 2048 * MiB;
    const file = join(ctx.tmp, 'app-big.bin');
    ctx.log(`app memory: writing a ${size / MiB} MiB file`);
    await writeRandomFile(file, size);
    const plain = await runChild<Rss>(ctx.dist, 'core-child.cjs', [
      'plain',
      file,
      `${base.url}/files/app-big`,
    ]);
    ctx.log('app memory: the core uploads it');
    const ours = await runChild<Rss>(ctx.dist, 'core-child.cjs', [
      'upload',
      join(ctx.tmp, 'app-upload'),
      file,
    ]);
    figures.push(
      figure({
        id: 'memory.app.growth',
        label: `app services RSS growth, ${size / MiB} MiB upload`,
        unit: 'MiB',
        ours: (ours.peak - ours.before) / MiB,
        baseline: (plain.peak - plain.before) / MiB,
        note: `app services peak ${(ours.peak / MiB).toFixed(0)} MiB from ${(ours.before / MiB).toFixed(0)} MiB; baseline is a bare fs → http PUT`,
      }),
    );
    return figures;
  } finally {
    await base.stop();
  }
}
