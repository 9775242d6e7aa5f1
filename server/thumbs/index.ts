/**
 * What a server keeps for thumbnails and scaled images: the bounded cache on disk, the gate
 * that bounds rendering, and the sizes of pictures already looked at. One per server.
 */
import { HashGate } from '../auth/hashGate.js';
import { ThumbCache } from './cache.js';

export { DEFAULT_THUMB_CACHE_BYTES, ThumbCache } from './cache.js';

/** A picture's size as shown (EXIF orientation applied). */
export interface Picture {
  readonly width: number;
  readonly height: number;
}

/** Sizes of pictures remembered at most; the oldest is forgotten first. */
const PICTURES = 2000;

export class Thumbnails {
  readonly cache: ThumbCache;
  /**
   * sharp runs on libuv's thread pool, which file I/O needs too: two renders at once leave it
   * the other threads; eight more wait, then 503 `imageBusy` with Retry-After.
   */
  readonly renders = new HashGate(2, 8, 'imageBusy');
  private readonly pictures = new Map<string, Promise<Picture>>();

  constructor(dir: string, maxBytes?: number) {
    this.cache = new ThumbCache(dir, maxBytes);
  }

  /** The picture's size, read once per blob (its content never changes). */
  picture(key: string, read: () => Promise<Picture>): Promise<Picture> {
    let known = this.pictures.get(key);
    if (!known) {
      known = read();
      known.catch(() => this.pictures.delete(key));
      this.pictures.set(key, known);
      if (this.pictures.size > PICTURES) {
        const oldest = this.pictures.keys().next().value;
        if (oldest !== undefined) this.pictures.delete(oldest);
      }
    }
    return known;
  }

  /** The blobs are gone: forget their cached variants and sizes. */
  forget(keys: readonly string[]): void {
    this.cache.forget(keys);
    for (const key of keys) this.pictures.delete(key);
  }
}
