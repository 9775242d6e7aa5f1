/**
 * Thumbnails and scaled images of uploaded pictures, made with sharp and cached on disk. What
 * anonymous visitors can make the server do is bounded: pictures past MAX_INPUT_PIXELS are not
 * decoded, a requested size snaps up to one of a few VARIANT_SIDES (so a picture has at most
 * that many variants), the cache is bounded in bytes (`../thumbs/cache.ts`), and at most two
 * renders run at once with a few waiting (then 503 `imageBusy`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mime from 'mime-types';
import type { Sharp, SharpOptions } from 'sharp';
import type sharpFn from 'sharp';
import type { ServerContext } from '../context.js';
import { ApiError, fail } from '../errors.js';
import type { FileRecord } from '../storage/types.js';
import type { Picture } from '../thumbs/index.js';

export interface ImageSize {
  readonly width?: number;
  readonly height?: number;
}

/** Thumbnails fit in this box. */
export const THUMB_SIZE: ImageSize = { width: 200, height: 200 };
const MAX_SIDE = 4096;

/**
 * Long sides variants are made at. A request gets the smallest that holds the size it asked
 * for (never less), or the picture's own size when that is smaller.
 */
export const VARIANT_SIDES: readonly number[] = [64, 128, 200, 400, 800, 1200, 1600, 2400, 4096];

/** Pictures with more pixels are not decoded: a 3 MB PNG can claim 16000×16000. */
export const MAX_INPUT_PIXELS = 100_000_000;

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

export interface ImageVariant {
  /** The variant's bytes, from a file already open (so eviction cannot take it away). */
  readonly stream: Readable;
  readonly type: string;
}

/** The long side of the variant that serves `size` for `picture`. */
export function variantSide(picture: Picture, size: ImageSize): number {
  const long = Math.max(picture.width, picture.height);
  const scale = Math.min(
    1,
    (size.width ?? Infinity) / picture.width,
    (size.height ?? Infinity) / picture.height,
  );
  const needed = Math.max(1, Math.ceil(long * scale));
  return Math.min(VARIANT_SIDES.find((side) => side >= needed) ?? MAX_SIDE, long);
}

/** The variant from the cache (rendered into it first if needed). */
export async function imageVariant(
  ctx: ServerContext,
  file: FileRecord,
  size: ImageSize,
): Promise<ImageVariant> {
  const format = outputType(file.filename);
  if (!format) fail('notAnImage');
  if (file.readystate !== 'uploaded' || !file.blobKey) fail('imageNotReady');
  const key = file.blobKey;
  const picture = await ctx.thumbs.picture(key, () => readPicture(ctx, key));
  const side = variantSide(picture, size);
  const target = path.join(ctx.config.thumbsDir, `${key}-${side}x${side}.${format}`);
  const type = `image/${format}`;
  const cached = await openVariant(target);
  if (cached) {
    ctx.thumbs.cache.touch(target);
    return { stream: cached, type };
  }
  let job = pending.get(target);
  if (!job) {
    job = ctx.thumbs.renders
      .run(() => render(ctx, key, side, format, target))
      .then(() => ctx.thumbs.cache.added(target))
      .finally(() => pending.delete(target));
    pending.set(target, job);
  }
  await job;
  const made = await openVariant(target);
  // Only a cache far too small for one variant loses it this fast.
  if (!made) fail('imageBusy');
  return { stream: made, type };
}

async function openVariant(target: string): Promise<Readable | undefined> {
  try {
    return (await fs.promises.open(target)).createReadStream();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * sharp (libvips) loads with the first picture asked for: a server that only moves bytes keeps
 * a smaller heap, which every full garbage collection has to walk.
 */
let loading: Promise<typeof sharpFn> | undefined;
const loadSharp = (): Promise<typeof sharpFn> =>
  (loading ??= import('sharp').then((m) => m.default));

/** Decoding stops at MAX_INPUT_PIXELS; reading the header alone (to say why) does not. */
const decodeOptions: SharpOptions = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS };
const headerOptions: SharpOptions = { failOn: 'error', limitInputPixels: false };

/** A sharp pipeline on the blob: its file when the store has one, else its bytes streamed in. */
function open(
  ctx: ServerContext,
  sharp: typeof sharpFn,
  key: string,
  options: SharpOptions = decodeOptions,
): { img: Sharp; feed?: Readable } {
  const local = ctx.blobs.localPath?.(key);
  if (local) return { img: sharp(local, options) };
  return { img: sharp(options), feed: ctx.blobs.createReadStream(key) };
}

/** Runs `work` on an image, turning a decoding failure into a clear 415. */
async function decode<T>(ctx: ServerContext, key: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    ctx.logger.debug('image variant failed', { key, err: String(err) });
    fail('notAnImage', 'the picture could not be decoded');
  }
}

/** The picture's shown size from its header; too many pixels is a 415 before any decoding. */
async function readPicture(ctx: ServerContext, key: string): Promise<Picture> {
  const sharp = await loadSharp();
  return decode(ctx, key, async () => {
    const { img, feed } = open(ctx, sharp, key, headerOptions);
    const meta = await (feed ? (feed.pipe(img), img.metadata()) : img.metadata());
    const { width, height } = meta.autoOrient ?? meta;
    if (!width || !height) fail('notAnImage', 'the picture could not be decoded');
    if (width * height > MAX_INPUT_PIXELS) {
      fail('imageTooLarge', `${width}×${height}; at most ${MAX_INPUT_PIXELS / 1e6} megapixels`);
    }
    return { width, height };
  });
}

async function render(
  ctx: ServerContext,
  key: string,
  side: number,
  format: 'png' | 'webp' | 'jpeg',
  target: string,
): Promise<void> {
  await fs.promises.mkdir(ctx.config.thumbsDir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const sharp = await loadSharp();
  await decode(ctx, key, async () => {
    try {
      const { img, feed } = open(ctx, sharp, key);
      const resized = img
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .toFormat(format);
      if (feed) await pipeline(feed, resized, fs.createWriteStream(tmp));
      else await resized.toFile(tmp);
      await fs.promises.rename(tmp, target);
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  });
}
