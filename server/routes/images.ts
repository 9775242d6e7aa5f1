/** Thumbnails and scaled images of uploaded pictures, made with sharp and cached on disk. */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import mime from 'mime-types';
import type { Sharp } from 'sharp';
import type sharpFn from 'sharp';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
import { randomId } from '../ids.js';
import type { FileRecord } from '../storage/types.js';

export interface ImageSize {
  readonly width?: number;
  readonly height?: number;
}

/** Thumbnails fit in this box. */
export const THUMB_SIZE: ImageSize = { width: 200, height: 200 };
const MAX_SIDE = 4096;

/** `200x100`, `x100` or `200x` → a size; anything else is a 400. */
export function parseSize(text: string | undefined): ImageSize {
  const m = /^(\d{0,5})x(\d{0,5})$/i.exec(text ?? '');
  const width = m?.[1] ? Number(m[1]) : undefined;
  const height = m?.[2] ? Number(m[2]) : undefined;
  const bad = (n: number | undefined): boolean => n !== undefined && (n < 1 || n > MAX_SIDE);
  if (!m || (width === undefined && height === undefined) || bad(width) || bad(height)) {
    fail('badSize');
  }
  return { width, height };
}

export const sizeText = (s: ImageSize): string => `${s.width ?? ''}x${s.height ?? ''}`;

function outputType(filename: string): 'png' | 'webp' | 'jpeg' | undefined {
  const type = mime.lookup(filename) || '';
  if (!type.startsWith('image/')) return undefined;
  if (type === 'image/png' || type === 'image/gif' || type === 'image/svg+xml') return 'png';
  return type === 'image/webp' ? 'webp' : 'jpeg';
}

const pending = new Map<string, Promise<void>>();

/** Cached variants per blob; beyond this, odd sizes are rendered on demand and not kept. */
const MAX_CACHED_VARIANTS = 24;
const cachedCounts = new Map<string, number>();

function cachedCount(ctx: ServerContext, key: string): number {
  let count = cachedCounts.get(key);
  if (count === undefined) {
    const names = fs.existsSync(ctx.config.thumbsDir) ? fs.readdirSync(ctx.config.thumbsDir) : [];
    count = names.filter((n) => n.startsWith(`${key}-`)).length;
    cachedCounts.set(key, count);
  }
  return count;
}

export type ImageVariant =
  | { readonly file: string; readonly type: string }
  | { readonly data: Buffer; readonly type: string };

/** The variant from the cache (rendered into it first if needed), or rendered on demand. */
export async function imageVariant(
  ctx: ServerContext,
  file: FileRecord,
  size: ImageSize,
): Promise<ImageVariant> {
  const format = outputType(file.filename);
  if (!format) fail('notAnImage');
  if (file.readystate !== 'uploaded' || !file.blobKey) fail('imageNotReady');
  const key = file.blobKey;
  const target = path.join(ctx.config.thumbsDir, `${key}-${sizeText(size)}.${format}`);
  const type = `image/${format}`;
  if (fs.existsSync(target)) return { file: target, type };
  if (cachedCount(ctx, key) >= MAX_CACHED_VARIANTS) {
    // Someone is walking through sizes: answer, but do not fill the disk.
    const once = `${target}.${randomId(8)}.once`;
    try {
      await render(ctx, key, size, format, once);
      return { data: await fs.promises.readFile(once), type };
    } finally {
      await fs.promises.rm(once, { force: true });
    }
  }
  let job = pending.get(target);
  if (!job) {
    job = render(ctx, key, size, format, target)
      .then(() => void cachedCounts.set(key, cachedCount(ctx, key) + 1))
      .finally(() => pending.delete(target));
    pending.set(target, job);
  }
  await job;
  return { file: target, type };
}

/**
 * sharp (libvips) loads with the first picture asked for: a server that only moves bytes keeps
 * a smaller heap, which every full garbage collection has to walk.
 */
let loading: Promise<typeof sharpFn> | undefined;
const loadSharp = (): Promise<typeof sharpFn> =>
  (loading ??= import('sharp').then((m) => m.default));

function transform(sharp: typeof sharpFn, size: ImageSize, format: 'png' | 'webp' | 'jpeg'): Sharp {
  return sharp({ failOn: 'error' })
    .rotate()
    .resize({ ...size, fit: 'inside', withoutEnlargement: true })
    .toFormat(format);
}

/** Runs `work` on an image, turning a decoding failure into a clear 415. */
async function decode<T>(ctx: ServerContext, key: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    ctx.logger.debug('image variant failed', { key, err: String(err) });
    fail('notAnImage', 'the picture could not be decoded');
  }
}

async function render(
  ctx: ServerContext,
  key: string,
  size: ImageSize,
  format: 'png' | 'webp' | 'jpeg',
  target: string,
): Promise<void> {
  await fs.promises.mkdir(ctx.config.thumbsDir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const sharp = await loadSharp();
  await decode(ctx, key, async () => {
    try {
      const resized = transform(sharp, size, format);
      await pipeline(ctx.blobs.createReadStream(key), resized, fs.createWriteStream(tmp));
      await fs.promises.rename(tmp, target);
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  });
}
