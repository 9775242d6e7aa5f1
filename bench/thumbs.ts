/**
 * Thumbnails: time for /blob/thumb and /blob/scale of a 12-megapixel JPEG, cold (rendered on
 * the request) and cached. Baselines: sharp doing the same resize in this process (cold), and
 * the baseline server sending a file of the same size (cached).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Bench, Context } from './lib/context';
import { download, put } from './lib/http';
import { withBoth } from './lib/pair';
import { figure, type Figure } from './lib/report';
import { median } from './lib/stats';

export const thumbs: Bench = { name: 'thumbs', run };

const variants = [
  { name: 'thumb', suffix: '/thumb', box: { width: 200, height: 200 } },
  { name: 'scale 1200x900', suffix: '/scale?size=1200x900', box: { width: 1200, height: 900 } },
] as const;

async function run(ctx: Context): Promise<Figure[]> {
  const photo = join(ctx.tmp, 'photo.jpg');
  await sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 85 })
    .toFile(photo);
  const bytes = await readFile(photo);
  return withBoth(ctx, 'thumbs', async (ours, base) => {
    const t = new Map<string, number[]>();
    const add = (key: string, ms: number) => t.set(key, [...(t.get(key) ?? []), ms]);
    for (let r = 0; r < ctx.options.rounds; r++) {
      ctx.log(`thumbs round ${r + 1}/${ctx.options.rounds}`);
      const slot = await ours.target.slot('photo.jpg');
      const up = await put(slot.puturl, Readable.from([bytes]), bytes.length);
      if (up.status !== 200) throw new Error(`the photo upload answered ${up.status}: ${up.body}`);
      for (const v of variants) {
        let started = performance.now();
        const out = await sharp(photo)
          .rotate()
          .resize({ ...v.box, fit: 'inside' })
          .jpeg()
          .toBuffer();
        add(`baseline:cold:${v.name}`, performance.now() - started);
        const url = `${slot.tailUrl}${v.suffix}`;
        add(`ours:cold:${v.name}`, await timedImage(url));
        add(`ours:cached:${v.name}`, await timedImage(url));
        const copy = `${base.url}/files/thumb-${r}-${v.box.width}.jpg`;
        await put(copy, Readable.from([out]), out.length);
        started = performance.now();
        await download(copy);
        add(`baseline:cached:${v.name}`, performance.now() - started);
      }
      await slot.remove();
    }
    return variants.flatMap((v) =>
      (['cold', 'cached'] as const).map((when) => {
        const ours = t.get(`ours:${when}:${v.name}`)!;
        const baseline = t.get(`baseline:${when}:${v.name}`)!;
        return figure({
          id: `thumbs.${v.name.split(' ')[0]}.${when}`,
          label: `${v.name} of 12 MP JPEG, ${when}`,
          unit: 'ms',
          ours: median(ours),
          baseline: median(baseline),
          samples: { ours, baseline },
        });
      }),
    );
  });
}

async function timedImage(url: string): Promise<number> {
  let type = '';
  const r = await download(url, {
    onResponse: (res) => (type = res.headers['content-type'] ?? ''),
  });
  if (r.status !== 200 || !type.startsWith('image/') || r.bytes === 0) {
    throw new Error(`GET ${url} answered ${r.status} (${type}, ${r.bytes} bytes)`);
  }
  return r.ms;
}
