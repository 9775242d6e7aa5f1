/** Deleting blobs no file refers to any more, with the thumbnails cached from them. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from './types.js';

/**
 * Deletes each blob and its cached thumbnails (`<thumbsDir>/<key>-…`). A blob that cannot be
 * deleted goes to `onError` (which may throw to stop) and the rest carry on.
 */
export async function deleteBlobs(
  blobs: BlobStore,
  thumbsDir: string,
  keys: readonly string[],
  onError: (err: unknown) => void,
): Promise<void> {
  if (keys.length === 0) return;
  const thumbs = await fs.readdir(thumbsDir).catch(() => [] as string[]);
  for (const key of keys) {
    await blobs.delete(key).catch(onError);
    for (const name of thumbs.filter((n) => n.startsWith(`${key}-`))) {
      await fs.rm(path.join(thumbsDir, name), { force: true });
    }
  }
}
