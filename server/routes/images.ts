/** Thumbnails and scaled images of uploaded pictures, made with sharp and cached on disk. */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import mime from 'mime-types';
import sharp from 'sharp';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
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

/** Path and MIME type of the cached variant, rendering it first if needed. */
export async function imageVariant(
  ctx: ServerContext,
  file: FileRecord,
  size: ImageSize,
): Promise<{ file: string; type: string }> {
  const format = outputType(file.filename);
  if (!format) fail('notAnImage');
  if (file.readystate !== 'uploaded' || !file.blobKey) fail('imageNotReady');
  const target = path.join(ctx.config.thumbsDir, `${file.blobKey}-${sizeText(size)}.${format}`);
  const type = `image/${format}`;
  if (fs.existsSync(target)) return { file: target, type };
  let job = pending.get(target);
  if (!job) {
    job = render(ctx, file.blobKey, size, format, target).finally(() => pending.delete(target));
    pending.set(target, job);
  }
  await job;
  return { file: target, type };
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
  const transform = sharp({ failOn: 'error' })
    .rotate()
    .resize({ ...size, fit: 'inside', withoutEnlargement: true })
    .toFormat(format);
  try {
    await pipeline(ctx.blobs.createReadStream(key), transform, fs.createWriteStream(tmp));
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    ctx.logger.debug('image variant failed', { key, err: String(err) });
    fail('notAnImage', 'the picture could not be decoded');
  }
}
