/**
 * Renderer: the real renderer bundle in Chromium with a 10,000-file share — time until the
 * first file row shows, and frames over 50 ms while scrolling it 300 px a frame. Baseline: the same
 * bundle with a 100-file share, so the ratio shows what the list's size costs. Then a history of
 * 1,000 shares (3 files each) beside one of 10: time until the window shows the first row.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { serveStatic } from '../e2e/support/static';
import { Skip, type Bench, type Context } from './lib/context';
import { figure, type Figure } from './lib/report';
import { median } from './lib/stats';

export const render: Bench = { name: 'render', run };

async function run(ctx: Context): Promise<Figure[]> {
  const root = join(ctx.dist, 'renderer');
  const pageApi = join(ctx.dist, 'bench/page-api.js');
  if (!existsSync(join(root, 'index.html')))
    throw new Skip('dist/renderer is missing; run npm run build');
  if (!existsSync('/usr/bin/chromium'))
    throw new Skip('/usr/bin/chromium is missing (apt-get install chromium)');
  const apiScript = await readFile(pageApi, 'utf8');
  const site = await serveStatic(root);
  const url = site.pageUrl;
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const frames = ctx.options.quick ? 120 : 300;
    const s = {
      first: { ours: [] as number[], baseline: [] as number[] },
      long: { ours: [] as number[], baseline: [] as number[] },
    };
    let worst = { frames: 0, longest: 0, rows: 0 };
    // The first page load in a fresh browser also pays for compiling the bundle: not counted.
    await measure(browser, url, apiScript, { files: 100 }, 10);
    for (let r = 0; r < ctx.options.rounds; r++) {
      ctx.log(`render round ${r + 1}/${ctx.options.rounds}`);
      for (const [who, files] of [
        ['baseline', 100],
        ['ours', 10_000],
      ] as const) {
        const m = await measure(browser, url, apiScript, { files }, frames);
        s.first[who].push(m.firstRow);
        s.long[who].push(m.longFrames);
        if (who === 'ours')
          worst = {
            frames: m.frames,
            longest: Math.max(worst.longest, m.longest),
            rows: Math.max(worst.rows, m.rows),
          };
      }
    }
    const history = { ours: [] as number[], baseline: [] as number[] };
    for (let r = 0; r < ctx.options.rounds; r++) {
      for (const [who, shares] of [
        ['baseline', 10],
        ['ours', 1000],
      ] as const) {
        history[who].push((await measure(browser, url, apiScript, { shares }, 0)).firstRow);
      }
    }
    const long = median(s.long.ours);
    const historyFirst = median(history.ours);
    return [
      figure({
        id: 'render.history.firstRow',
        label: 'render 1,000-share history: first row',
        unit: 'ms',
        ours: historyFirst,
        baseline: median(history.baseline),
        samples: history,
        target: '≤ 300 ms',
        met: historyFirst <= 300,
        note: 'baseline: a history of 10 shares',
      }),
      figure({
        id: 'render.firstRow',
        label: 'render 10,000-file share: first row',
        unit: 'ms',
        ours: median(s.first.ours),
        baseline: median(s.first.baseline),
        samples: s.first,
      }),
      figure({
        id: 'render.scroll.longFrames',
        label: `scroll 10,000 files: frames > 50 ms of ${worst.frames}`,
        unit: 'frames',
        ours: long,
        baseline: median(s.long.baseline),
        samples: s.long,
        target: '< 1% of frames',
        met: long < worst.frames / 100,
        note: `longest frame ${worst.longest.toFixed(0)} ms; at most ${worst.rows} file rows in the DOM at once (virtualized)`,
      }),
    ];
  } finally {
    await browser.close();
    await site.close();
  }
}

async function measure(
  browser: Browser,
  url: string,
  apiScript: string,
  list: { files: number } | { shares: number },
  frames: number,
) {
  const context = await browser.newContext({
    viewport: { width: 1000, height: 800 },
    bypassCSP: true,
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const globals =
      'files' in list
        ? `window.__benchFiles = ${list.files};`
        : `window.__benchShares = ${list.shares};`;
    await page.addInitScript(`${globals}\n${apiScript}`);
    await page.goto(url);
    await page.waitForSelector('[data-testid="file-row"]', { timeout: 30_000 }).catch(() => {
      throw new Error(
        `no file row appeared with ${JSON.stringify(list)}${errors.length ? `: ${errors.join('; ')}` : ''}`,
      );
    });
    const firstRow = await page.evaluate(() => window.__benchFirstRow ?? Number.NaN);
    const scroll = await page.evaluate(async (n) => {
      const list = document.querySelector<HTMLElement>('[data-testid="share-list"]');
      if (!list) throw new Error('no share list');
      const times: number[] = [];
      let rows = 0;
      // A fast fling, the same for both lists; back to the top at the end of a short list.
      const step = 300;
      await new Promise<void>((resolve) => {
        const tick = (t: number) => {
          times.push(t);
          rows = Math.max(rows, list.querySelectorAll('[data-testid="file-row"]').length);
          if (times.length > n) return resolve();
          const bottom = list.scrollHeight - list.clientHeight;
          list.scrollTop = list.scrollTop >= bottom ? 0 : list.scrollTop + step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      return {
        frames: gaps.length,
        longFrames: gaps.filter((g) => g > 50).length,
        longest: Math.max(...gaps),
        rows,
      };
    }, frames);
    if (errors.length > 0) throw new Error(`the renderer threw: ${errors.join('; ')}`);
    return { firstRow, ...scroll };
  } finally {
    await context.close();
  }
}
