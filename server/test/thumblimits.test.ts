/**
 * What anonymous visitors can make the thumbnail code do is bounded, over real HTTP: pixels
 * decoded, variants a picture can have, bytes of the cache on disk, renders at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, expect, test } from 'vitest';
import { asFile, startHarness, type Harness, type Login } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function upload(harness: Harness, me: Login, filename: string, content: Buffer) {
  const t = `?accesstoken=${me.accesstoken}`;
  const share = (await harness.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  const file = asFile(
    await harness.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename } }),
  );
  const put = await harness.call('PUT', file.upload!.puturl, { body: content });
  expect(put.status).toBe(200);
  return `/1/files/${share.sharename}/${file.fileid}/blob`;
}

/** A noisy JPEG: big on disk when scaled, and slow enough to render that requests overlap. */
async function noisy(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

const thumbsOf = (harness: Harness) => path.join(harness.dataDir, 'thumbs');
const bytesIn = (dir: string): number =>
  fs.readdirSync(dir).reduce((sum, n) => sum + fs.statSync(path.join(dir, n)).size, 0);

test('a picture claiming more than 100 megapixels is refused before decoding', async () => {
  h = await startHarness();
  const me = await h.login();
  const png = await sharp({
    create: { width: 16000, height: 16000, channels: 3, background: '#c33' },
  })
    .png()
    .toBuffer();
  const blob = await upload(h, me, 'huge.png', png);
  for (const suffix of ['/thumb', '/800x']) {
    const res = await fetch(`${h.server.url}${blob}${suffix}`);
    expect(res.status, suffix).toBe(415);
    const body = (await res.json()) as { error: string; code: string };
    expect(body.code).toBe('imageTooLarge');
    expect(body.error).toContain('16000×16000; at most 100 megapixels');
  }
  expect(fs.readdirSync(thumbsOf(h))).toEqual([]);
});

test('the cache stays under its byte bound, evicting the least recently served', async () => {
  h = await startHarness({ thumbCacheBytes: 1_000_000 });
  const me = await h.login();
  const blobs = [];
  for (let i = 0; i < 3; i++) blobs.push(await upload(h, me, `p${i}.jpg`, await noisy(1600, 1200)));
  const get = async (url: string) => {
    const res = await fetch(`${h!.server.url}${url}`);
    expect(res.status, url).toBe(200);
    return sharp(Buffer.from(await res.arrayBuffer())).metadata();
  };
  // The thumb of the first picture is served again and again: it stays.
  await get(`${blobs[0]}/thumb`);
  for (const blob of blobs) {
    for (const size of ['/1200x', '/800x', '/400x']) {
      await get(`${blob}${size}`);
      await get(`${blobs[0]}/thumb`);
      expect(bytesIn(thumbsOf(h))).toBeLessThanOrEqual(1_000_000);
    }
  }
  const names = fs.readdirSync(thumbsOf(h));
  expect(names.some((n) => n.endsWith('-200x200.jpeg'))).toBe(true);
  expect(names.length).toBeLessThan(10);
  // Evicted variants are made again when asked for.
  expect((await get(`${blobs[0]}/1200x`)).width).toBe(1200);
});

test('renders beyond two at once and eight waiting get 503 imageBusy with Retry-After', async () => {
  h = await startHarness();
  const me = await h.login();
  const blobs = [];
  for (let i = 0; i < 4; i++) blobs.push(await upload(h, me, `p${i}.jpg`, await noisy(2400, 1800)));
  // 4 pictures × 8 sizes: 32 different variants asked for at once.
  const urls = blobs.flatMap((b) =>
    ['/64x', '/128x', '/200x', '/400x', '/800x', '/1200x', '/1600x', '/2400x'].map((s) => b + s),
  );
  const answers = await Promise.all(
    urls.map(async (url) => {
      const res = await fetch(`${h!.server.url}${url}`);
      const body = Buffer.from(await res.arrayBuffer());
      return { url, status: res.status, retryAfter: res.headers.get('retry-after'), body };
    }),
  );
  const busy = answers.filter((a) => a.status === 503);
  expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(10);
  expect(busy.length).toBeGreaterThan(0);
  expect(busy.length + answers.filter((a) => a.status === 200).length).toBe(urls.length);
  for (const b of busy) {
    expect(b.retryAfter).toBe('2');
    expect(JSON.parse(b.body.toString())).toMatchObject({ code: 'imageBusy' });
  }
  // Asked again, one by one, they are made.
  for (const b of busy) {
    const again = await h.call('GET', b.url, { redirect: 'follow' });
    expect(again.status, again.text).toBe(200);
  }
});
