/** Real files on disk for the scenarios, and what a recipient gets back. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Download } from '@playwright/test';

export interface LocalFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

/** Writes `size` random bytes to `dir/name` in 1 MiB pieces; returns its path and SHA-256. */
export async function makeFile(dir: string, name: string, size: number): Promise<LocalFile> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const hash = createHash('sha256');
  const fh = await open(path, 'w');
  try {
    for (let left = size; left > 0;) {
      const piece = randomBytes(Math.min(left, 1 << 20));
      hash.update(piece);
      await fh.write(piece);
      left -= piece.length;
    }
  } finally {
    await fh.close();
  }
  return { path, name, size, sha256: hash.digest('hex') };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface RecipientDownload {
  /** Resolves once the download has started (the response headers arrived). */
  readonly started: Promise<Download>;
  /** Resolves with the SHA-256 of the saved file once the download completes. */
  finished(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A recipient in their own browser: opens the link page and clicks Download. Returns after
 * the click; the server may hold the response until the uploader sends bytes.
 */
export async function startDownload(
  browser: Browser,
  link: string,
  filename: string,
  saveTo: string,
): Promise<RecipientDownload> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(link);
  const started = page.waitForEvent('download', { timeout: 0 });
  // The response may not start until the uploader sends bytes: do not wait for it here.
  await page.getByRole('link', { name: `Download ${filename}` }).click({ noWaitAfter: true });
  return {
    started,
    finished: async () => {
      const download = await started;
      const failure = await download.failure();
      if (failure) throw new Error(`download of ${filename} failed: ${failure}`);
      await download.saveAs(saveTo);
      return sha256File(saveTo);
    },
    close: () => context.close(),
  };
}
