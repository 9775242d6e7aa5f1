/**
 * The thumbnail cache on disk (`<thumbsDir>/<key>-<W>x<H>.<ext>`), counted and bounded: once
 * its files pass `maxBytes`, the least recently served ones are deleted until it is back under
 * 90 % of the bound. Sizes are read from the directory when the server starts and again before
 * each eviction, so files deleted behind its back (blob deleted, `gett-server files remove`)
 * never count.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Default bound on the bytes of cached thumbnails and scaled images. */
export const DEFAULT_THUMB_CACHE_BYTES = 256 * 1024 * 1024;

interface Entry {
  size: number;
  /** Last time it was written or served (ms); the smallest is evicted first. */
  used: number;
}

const isVariant = (name: string): boolean =>
  !name.endsWith('.tmp') && !name.endsWith('.once') && name.includes('-');

export class ThumbCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  private loaded: Promise<void> | undefined;
  private evicting: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    /** 0 = no bound. */
    readonly maxBytes: number = DEFAULT_THUMB_CACHE_BYTES,
  ) {}

  /** Bytes of cached variants, as last counted. */
  get bytes(): number {
    return this.total;
  }

  /** Marks a cached variant as just served, so it is evicted last. */
  touch(file: string): void {
    const entry = this.entries.get(path.basename(file));
    if (entry) entry.used = Date.now();
  }

  /** Counts a variant just written, and evicts old ones if the cache is now too big. */
  async added(file: string): Promise<void> {
    await this.load();
    const name = path.basename(file);
    const size = (await fs.promises.stat(file).catch(() => undefined))?.size;
    if (size === undefined) return;
    this.set(name, { size, used: Date.now() });
    if (this.maxBytes > 0 && this.total > this.maxBytes) {
      // One eviction at a time; the variant just written is never its victim.
      const run = (this.evicting ?? Promise.resolve()).then(() => this.evict(name));
      this.evicting = run.catch(() => undefined);
      await run;
    }
  }

  /** Forgets the variants of blobs whose files were deleted. */
  forget(keys: readonly string[]): void {
    for (const key of keys) {
      for (const name of [...this.entries.keys()]) {
        if (name.startsWith(`${key}-`)) this.set(name, undefined);
      }
    }
  }

  private set(name: string, entry: Entry | undefined): void {
    this.total -= this.entries.get(name)?.size ?? 0;
    if (entry) {
      this.entries.set(name, entry);
      this.total += entry.size;
    } else this.entries.delete(name);
  }

  private load(): Promise<void> {
    this.loaded ??= this.rescan();
    return this.loaded;
  }

  /** Recounts the directory; files it did not know are as old as their mtime. */
  private async rescan(): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    const seen = new Set<string>();
    for (const name of names.filter(isVariant)) {
      const stat = await fs.promises.stat(path.join(this.dir, name)).catch(() => undefined);
      if (!stat?.isFile()) continue;
      seen.add(name);
      const known = this.entries.get(name);
      this.set(name, { size: stat.size, used: known?.used ?? stat.mtimeMs });
    }
    for (const name of [...this.entries.keys()]) if (!seen.has(name)) this.set(name, undefined);
  }

  private async evict(keep: string): Promise<void> {
    if (this.total <= this.maxBytes) return;
    await this.rescan();
    const low = this.maxBytes * 0.9;
    const oldest = [...this.entries].sort((a, b) => a[1].used - b[1].used);
    for (const [name] of oldest) {
      if (this.total <= low) break;
      if (name === keep) continue;
      // A variant being sent right now keeps streaming: its open file outlives the name.
      await fs.promises.rm(path.join(this.dir, name), { force: true });
      this.set(name, undefined);
    }
  }
}
