/** F6-F7: thumbnails and scaled images, every path form, cached on disk. */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { removeFileForTerms } from '../moderation/remove.js';
import { errorOf, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let me: Login;
let picture: { sharename: string; fileid: string };

async function fileWith(filename: string, content?: Buffer | string) {
  const file = await h.newFile(me, filename);
  if (content !== undefined) await h.call('PUT', file.upload!.puturl, { body: content });
  return file;
}

beforeAll(async () => {
  h = await startHarness();
  me = await h.login();
  const png = await sharp({
    create: { width: 800, height: 400, channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .png()
    .toBuffer();
  picture = await fileWith('photo.png', png);
});
afterAll(() => h.close());

async function image(suffix: string) {
  const res = await fetch(
    `${h.server.url}/1/files/${picture.sharename}/${picture.fileid}/blob${suffix}`,
  );
  expect(res.status, suffix).toBe(200);
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  return { type: res.headers.get('content-type'), width: meta.width, height: meta.height };
}

test('thumb fits in 200x200 and keeps the format', async () => {
  expect(await image('/thumb')).toEqual({ type: 'image/png', width: 200, height: 100 });
});

// Sizes snap up to the next of a few long sides (64, 128, 200, 400, 800, …), never past the
// picture's own size: 100x100 of an 800x400 picture needs a long side of 100, served at 128.
test.each([
  ['/scale?size=100x100', 128, 64],
  ['/scale/100x100', 128, 64],
  ['/100x100', 128, 64],
  ['/x50', 128, 64],
  ['/400x', 400, 200],
  ['/2000x2000', 800, 400],
])('scale path form %s', async (suffix, width, height) => {
  expect(await image(suffix)).toMatchObject({ width, height });
});

test('variants are cached on disk next to the blobs', async () => {
  await image('/thumb');
  const cached = fs.readdirSync(path.join(h.dataDir, 'thumbs'));
  expect(cached.some((name) => name.endsWith('-200x200.png'))).toBe(true);
});

test('30 different sizes of one picture make at most a few variants', async () => {
  for (let w = 10; w < 1000; w += 33) await image(`/${w}x`);
  const cached = fs.readdirSync(path.join(h.dataDir, 'thumbs'));
  // 64, 128, 200, 400 and the picture's own 800.
  expect(cached.map((n) => n.replace(/^[^-]*-/, '')).sort()).toEqual(
    ['128x128.png', '200x200.png', '400x400.png', '64x64.png', '800x800.png'].sort(),
  );
  expect(await image('/39x')).toMatchObject({ width: 64, height: 32 });
});

test('the redirect points at a signed link', async () => {
  const res = await h.call('GET', `/1/files/${picture.sharename}/${picture.fileid}/blob/thumb`);
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toMatch(/variant=thumb/);
});

test('bad sizes are a 400 saying the format', async () => {
  for (const suffix of ['/scale', '/scale?size=big', '/0x10', '/99999x1', '/x']) {
    const res = await h.call(
      'GET',
      `/1/files/${picture.sharename}/${picture.fileid}/blob${suffix}`,
    );
    expect(res.status, suffix).toBe(400);
    expect(errorOf(res)).toMatch(/200x100/);
  }
});

test('non-images, broken images and files not uploaded get clear errors', async () => {
  const text = await fileWith('notes.txt', 'just text');
  const asText = await fetch(`${h.server.url}/1/files/${text.sharename}/0/blob/thumb`);
  expect(asText.status).toBe(415);
  const broken = await fileWith('broken.jpg', 'not a jpeg at all');
  const asBroken = await fetch(`${h.server.url}/1/files/${broken.sharename}/0/blob/thumb`);
  expect(asBroken.status).toBe(415);
  expect(((await asBroken.json()) as { error: string }).error).toMatch(/not an image/);
  const pending = await fileWith('later.png');
  const asPending = await fetch(`${h.server.url}/1/files/${pending.sharename}/0/blob/thumb`);
  expect(asPending.status).toBe(409);
});

test('a restart removes cached images of vanished blobs and half-written renders', async () => {
  const thumbs = path.join(h.dataDir, 'thumbs');
  await image('/thumb');
  const kept = fs.readdirSync(thumbs).filter((n) => n.endsWith('-200x200.png'));
  fs.writeFileSync(path.join(thumbs, 'GoneBlobKey-10x10.png'), 'x');
  fs.writeFileSync(path.join(thumbs, `${kept[0]!.split('-')[0]!}-7x7.png.1.tmp`), 'x');
  await h.server.close();
  h = await startHarness({ dataDir: h.dataDir });
  const after = fs.readdirSync(thumbs);
  expect(after).toEqual(expect.arrayContaining(kept));
  expect(after.some((n) => n.startsWith('GoneBlobKey') || n.endsWith('.tmp'))).toBe(false);
  expect((await image('/thumb')).width).toBe(200);
});

describe('deleting a picture deletes its cached images', () => {
  const thumbs = () => fs.readdirSync(path.join(h.dataDir, 'thumbs'));
  /** A new picture whose thumb and one scaled size are cached; returns it and their names. */
  async function cachedPicture(name: string) {
    const png = await sharp({
      create: { width: 300, height: 300, channels: 3, background: { r: 0, g: 90, b: 200 } },
    })
      .png()
      .toBuffer();
    const before = new Set(thumbs());
    const file = await fileWith(name, png);
    for (const suffix of ['/thumb', '/64x']) {
      const res = await fetch(
        `${h.server.url}/1/files/${file.sharename}/${file.fileid}/blob${suffix}`,
      );
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const cached = thumbs().filter((n) => !before.has(n));
    expect(cached).toHaveLength(2);
    return { file, cached };
  }

  test('through the API', async () => {
    const { file, cached } = await cachedPicture('gone.png');
    const res = await h.call(
      'POST',
      `/1/files/${file.sharename}/${file.fileid}/destroy?accesstoken=${me.accesstoken}`,
    );
    expect(res.status).toBe(200);
    expect(thumbs().filter((n) => cached.includes(n))).toEqual([]);
  });

  test('with gett-server files remove', async () => {
    const { file, cached } = await cachedPicture('removed.png');
    await removeFileForTerms(h.dataDir, { ...file, reason: 'spam' });
    expect(thumbs().filter((n) => cached.includes(n))).toEqual([]);
  });
});
