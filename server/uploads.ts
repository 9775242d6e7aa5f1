/**
 * Uploads in flight, whatever the protocol (PUT, POST multipart, tus). The registry hands out
 * one slot per running upload; the slot
 * - holds the bytes the upload may store against its owner's limit, checked and taken in one
 *   synchronous step, so uploads running together never store more than the limit;
 * - moves the file through its upload states the same way for every protocol: start, complete
 *   (screen, finish on disk, switch the file, drop the replaced blob) or fail (roll back);
 * - is stopped with a typed reason by a newer upload to the same file, the file's deletion or
 *   the server closing.
 */
import { drop, type Logger } from '../shared/log.js';
import { randomId } from './ids.js';
import { ApiError } from './errors.js';
import type { LiveHooks } from './hooks.js';
import type { BlobStore, BlobWriter, FileRecord, MetadataStore } from './storage/types.js';

/** Why an upload stopped before it completed. */
export type AbortReason =
  | 'superseded' // a newer upload to the same file took over
  | 'removed' // the file, its share, or its content was removed
  | 'storageLimit' // the body grew past the owner's free storage
  | 'serverClosing'
  | 'cancelled' // the uploader terminated it (tus DELETE)
  | 'expired'; // nobody can continue it any more (tus)

/** The reason a slot's signal aborts with; a pipeline's AbortError carries it as `cause`. */
export class UploadAborted extends Error {
  constructor(readonly reason: AbortReason) {
    super(`the upload stopped: ${reason}`);
    this.name = 'UploadAborted';
  }
}

/** The abort reason behind an upload's failure, if a slot's abort caused it. */
export function abortReasonOf(err: unknown): AbortReason | undefined {
  const cause: unknown = (err as { cause?: unknown } | undefined)?.cause;
  if (err instanceof UploadAborted) return err.reason;
  if (cause instanceof UploadAborted) return cause.reason;
  return undefined;
}

export interface UploadDeps {
  readonly meta: MetadataStore;
  readonly blobs: BlobStore;
  readonly live: LiveHooks;
  readonly logger: Logger;
  discardBlobs(keys: readonly string[]): Promise<void>;
}

type SlotState = 'reserved' | 'writing' | 'done';

/** One running upload into one file. */
export class UploadSlot {
  private readonly controller = new AbortController();
  /** Aborts (with an UploadAborted) when the upload must stop. */
  readonly signal = this.controller.signal;
  /** Bytes held against the owner's limit. */
  reserved = 0;
  private state: SlotState = 'reserved';
  private current: FileRecord;
  private blob: BlobWriter | undefined;

  constructor(
    private readonly registry: UploadRegistry,
    private readonly deps: UploadDeps,
    file: FileRecord,
    private readonly release: () => void,
  ) {
    this.current = file;
  }

  get file(): FileRecord {
    return this.current;
  }
  get ownerId(): string {
    return this.current.ownerId;
  }
  /** The blob receiving the bytes, once opened. */
  get writer(): BlobWriter {
    if (!this.blob) throw new Error('the upload has no blob yet');
    return this.blob;
  }
  /** Whether the file is `uploading` from this upload. */
  get started(): boolean {
    return this.state === 'writing';
  }

  /** Bytes stored now by the content this upload replaces: completing it frees them. */
  get replaced(): number {
    const f = this.current;
    return f.readystate === 'uploaded' ? (f.size ?? 0) : 0;
  }

  /** The most this upload may hold in all. */
  room(): number {
    return this.registry.room(this.current, this);
  }

  /**
   * Holds `total` bytes (plus up to `ahead` more, as far as they fit, so a body of unknown
   * length looks the free space up once per `ahead` bytes, not per chunk). False, and the
   * owner is told, when `total` does not fit.
   */
  reserve(total: number, ahead = 0): boolean {
    if (total <= this.reserved) return true;
    const room = this.room();
    if (total > room) {
      this.deps.live.onStorageLimit(this.current);
      return false;
    }
    this.reserved = Math.min(room, total + ahead);
    return true;
  }

  /** Holds `total` bytes unchecked: an upload resumed after a restart keeps what it had. */
  restore(total: number): void {
    this.reserved = total;
  }

  /** Opens a fresh blob for the bytes. */
  async open(key = randomId(24)): Promise<BlobWriter> {
    this.blob = await this.deps.blobs.createWriter(key, {
      sha256: this.deps.live.screensUploads(),
    });
    return this.blob;
  }

  /** Continues a blob reopened after a restart; `started` when the file already points to it. */
  adopt(writer: BlobWriter, started: boolean): void {
    this.blob = writer;
    if (started) this.state = 'writing';
  }

  /** Marks the file `uploading` into the blob (once); `size` is the announced length. */
  start(size: number | null): FileRecord {
    if (this.state !== 'reserved') return this.current;
    // A stopped upload must not take the file back from the one that stopped it.
    if (this.signal.aborted) throw this.signal.reason as Error;
    const { sharename, fileid } = this.current;
    if (!this.deps.meta.getFile(sharename, fileid)) throw new ApiError('fileNotFound');
    this.current = this.deps.meta.startUpload(sharename, fileid, this.writer.key, size);
    this.state = 'writing';
    this.deps.live.onUploadStarted(this.current, size);
    return this.current;
  }

  /**
   * Every byte arrived: screens the content, puts the blob on disk for good, makes it the
   * file's content and deletes what it replaced. Throws UploadAborted('superseded') when a
   * newer upload or a removal won meanwhile; on any failure the upload is rolled back.
   */
  async complete(): Promise<FileRecord> {
    const { meta, live, logger } = this.deps;
    const { sharename, fileid } = this.current;
    const writer = this.writer;
    let size: number;
    try {
      if (live.screensUploads()) {
        const file = meta.getFile(sharename, fileid) ?? this.current;
        const reason = live.screenUpload(file, await writer.sha256());
        if (reason !== null) throw new ApiError('fileRemoved', reason);
      }
      size = await writer.finish();
    } catch (err) {
      await this.fail(err instanceof Error ? err : undefined);
      throw err;
    }
    this.state = 'done';
    this.end();
    const done = meta.finishUpload(sharename, fileid, writer.key, size);
    if (!done) {
      await this.deps.discardBlobs([writer.key]);
      throw new UploadAborted('superseded');
    }
    // The old content goes in the background: deleting a large file must not delay the reply.
    if (done.replaced) {
      drop(this.deps.discardBlobs([done.replaced]), (err) =>
        logger.warn('blob delete failed', err),
      );
    }
    const finished = meta.getFile(sharename, fileid) ?? this.current;
    live.onUploadFinished(finished);
    return finished;
  }

  /** Rolls the upload back: the file returns to its previous state and the bytes go. */
  async fail(reason?: Error): Promise<void> {
    if (this.state === 'done') return;
    const started = this.state === 'writing';
    this.state = 'done';
    this.end();
    if (started) {
      const { sharename, fileid } = this.current;
      this.deps.meta.abortUpload(sharename, fileid, this.writer.key);
    }
    await this.blob?.abort(reason);
  }

  /** Server shutdown of a resumable upload: closes the blob, keeping its bytes and state. */
  async suspend(): Promise<void> {
    this.state = 'done';
    this.end();
    await this.blob?.finish().catch(() => undefined);
  }

  /** Tells whoever runs the upload to stop it. */
  abort(reason: AbortReason): void {
    this.controller.abort(new UploadAborted(reason));
  }

  /** Gives the slot back: its bytes no longer count against the owner's storage. */
  end(): void {
    this.release();
  }
}

export class UploadRegistry {
  private readonly running = new Map<string, UploadSlot>();

  constructor(private readonly deps: UploadDeps) {}

  /** A slot for a new upload to the file, stopping an older one to the same file. */
  begin(file: FileRecord): UploadSlot {
    const id = `${file.sharename}/${file.fileid}`;
    this.running.get(id)?.abort('superseded');
    const slot: UploadSlot = new UploadSlot(this, this.deps, file, () => {
      if (this.running.get(id) === slot) this.running.delete(id);
    });
    this.running.set(id, slot);
    return slot;
  }

  /**
   * Bytes the user may still store: the limit, less what is stored and what running uploads
   * hold beyond the content they replace, and never more than the disk holds. The one formula
   * for uploads, Tus-Max-Size and `/users/me`. May be negative while replacing uploads run.
   */
  free(userId: string, except?: UploadSlot): number {
    const user = this.deps.meta.getUser(userId);
    if (!user) return 0;
    let held = 0;
    for (const s of this.running.values()) {
      if (s.ownerId === userId && s !== except) held += Math.max(0, s.reserved - s.replaced);
    }
    const quota = user.storageLimit - this.deps.meta.storageUsed(userId) - held;
    const disk = this.deps.blobs.available?.();
    return disk === undefined ? quota : Math.min(quota, disk);
  }

  /**
   * The largest upload into `file` accepted now: the owner's free bytes plus the file's
   * current content, which the upload replaces. `slot` is the upload asking (by default the
   * file's running one, which a new upload would stop).
   */
  room(file: FileRecord, slot = this.running.get(`${file.sharename}/${file.fileid}`)): number {
    const replaced = file.readystate === 'uploaded' ? (file.size ?? 0) : 0;
    return Math.max(0, this.free(file.ownerId, slot) + replaced);
  }

  /** Stops the running upload to a file (it was destroyed). */
  abort(sharename: string, fileid: string): void {
    this.running.get(`${sharename}/${fileid}`)?.abort('removed');
  }

  /** Stops every running upload (server shutdown). */
  abortAll(reason: AbortReason): void {
    for (const s of this.running.values()) s.abort(reason);
  }
}
