/**
 * The upload queue on disk: a small JSON file, replaced atomically (write + rename) so a
 * crash leaves either the old or the new list, never half of one. Writes are serialized and
 * coalesced: only the newest snapshot is written.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const SavedItemSchema = z.object({
  sharename: z.string(),
  fileid: z.string(),
  filename: z.string(),
  path: z.string(),
  size: z.number(),
  phase: z.enum(['queued', 'uploading', 'paused', 'failed']),
  errorCode: z.string().optional(),
  /** A resumable (tus) upload: its URL and the bytes the server confirmed. */
  tus: z.object({ url: z.string(), offset: z.number() }).optional(),
  /** End-to-end encrypted: the upload's salt and the plaintext it was made from. */
  encrypted: z.boolean().optional(),
  manifest: z.boolean().optional(),
  e2ee: z.object({ salt: z.string(), plainSize: z.number(), mtimeMs: z.number() }).optional(),
});
export type SavedItem = z.infer<typeof SavedItemSchema>;

const SavedQueueSchema = z.object({ version: z.literal(1), items: z.array(SavedItemSchema) });

export class QueueFile {
  private pending: (() => SavedItem[]) | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<SavedItem[]> {
    try {
      const parsed = SavedQueueSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data.items : [];
    } catch {
      return [];
    }
  }

  /**
   * Schedules a write of the list `snapshot` returns, taken when the write starts (so a burst
   * of changes, such as a 100-file drop, builds the list once); resolves once it is on disk.
   */
  save(snapshot: () => SavedItem[]): Promise<void> {
    const first = this.pending === null;
    this.pending = snapshot;
    if (first) {
      this.writing = this.writing.catch(() => {}).then(() => this.flush());
    }
    return this.writing;
  }

  private async flush(): Promise<void> {
    const snapshot = this.pending;
    this.pending = null;
    if (snapshot === null) return;
    const items = snapshot();
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, items }));
    await rename(tmp, this.file);
  }
}
