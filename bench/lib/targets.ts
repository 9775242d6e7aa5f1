/**
 * One upload slot on either server, so a benchmark can run the same steps against ours and
 * the baseline: where to PUT, where downloaders tail it, and when tailing may begin.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GettClient } from './ours';
import type { Running } from './procs';

export interface Slot {
  puturl: string;
  /** Where a downloader GETs the file (redirects are followed). */
  tailUrl: string;
  /** Resolves once the server streams this file to downloaders (the upload has begun). */
  uploading(): Promise<void>;
  /** Frees the disk space the file took. */
  remove(): Promise<void>;
}

/**
 * Waits until downloaders may tail `slot`, failing with the upload's own answer when it ends
 * first (a refused upload would otherwise look like a server that never starts streaming).
 */
export async function tailable(slot: Slot, upload: Promise<{ status: number; body: string }>) {
  const ended = upload.then((r) => {
    throw new Error(
      `the upload ended (${r.status}: ${r.body.slice(0, 200)}) before it could be tailed`,
    );
  });
  ended.catch(() => undefined);
  await Promise.race([slot.uploading(), ended]);
}

export interface Target {
  name: 'ours' | 'baseline';
  slot(filename: string): Promise<Slot>;
}

export function oursTarget(client: GettClient): Target {
  return {
    name: 'ours',
    async slot(filename) {
      const f = await client.newUpload(filename);
      return {
        puturl: f.puturl,
        tailUrl: client.blobUrl(f.sharename, f.fileid),
        uploading: async () => {
          await client.waitFor(f.sharename, f.fileid, 'uploading');
        },
        remove: () => client.destroyShare(f.sharename),
      };
    },
  };
}

export function baselineTarget(base: Running, dataDir: string): Target {
  let n = 0;
  return {
    name: 'baseline',
    slot(filename) {
      const name = `${n++}-${filename}`;
      const url = `${base.url}/files/${name}`;
      return Promise.resolve({
        puturl: url,
        tailUrl: url,
        // The baseline follows a file from the moment it exists on disk.
        uploading: async () => {
          for (;;) {
            const s = await stat(join(dataDir, name)).catch(() => null);
            if (s) return;
            await new Promise((r) => setTimeout(r, 2));
          }
        },
        remove: async () => {
          await fetch(url, { method: 'DELETE' }).then((r) => r.arrayBuffer());
        },
      });
    },
  };
}
