/**
 * One upload slot on either server, so a benchmark can run the same steps against ours and
 * the baseline: where to PUT, where downloaders tail it, and when tailing may begin. Each
 * server's target lives with it (ours.ts, baseline.ts).
 */

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
