/**
 * Running tus uploads. Each keeps its blob writer open between PATCH requests, so downloaders
 * tailing the file follow it across requests, and holds a slot in the server's upload
 * registry, so a PUT to the same file or its deletion stops it and storage checks count it.
 */
import type { ServerContext } from '../context.js';
import { ApiError, fail } from '../errors.js';
import { randomId } from '../ids.js';
import { screen } from '../routes/upload.js';
import type { UploadRegistry } from '../uploads.js';
import { UPLOAD_URL_TTL } from '../urls.js';
import type { BlobWriter, FileRecord } from '../storage/types.js';
import { TusError } from './protocol.js';
import { receive, type Receipt } from './receive.js';
import type { TusRecord } from './store.js';

/** Bytes between offset saves while a PATCH runs, so a killed server resumes near the end. */
const SAVE_EVERY = 8 * 1024 * 1024;

interface Active {
  readonly record: TusRecord;
  readonly writer: BlobWriter;
  readonly running: ReturnType<UploadRegistry['begin']>;
  /** The file is `uploading` from this upload (its first byte arrived). */
  started: boolean;
  saved: number;
  patch?: { stop(reason: Error): void; done: Promise<unknown> };
}

export class TusUploads {
  private readonly active = new Map<string, Active>();

  constructor(private readonly ctx: ServerContext) {}

  /** The running upload `id` of this file; an id from another file's URL finds nothing. */
  private find(id: string, file: FileRecord): Active | undefined {
    const a = this.active.get(id);
    const same = a?.record.sharename === file.sharename && a.record.fileid === file.fileid;
    return same ? a : undefined;
  }

  /** Where the upload stands: bytes on disk, or the full length once complete. */
  status(id: string, file: FileRecord): { offset: number; length: number } {
    const a = this.find(id, file);
    if (a) return { offset: a.writer.written, length: a.record.length };
    const r = this.ctx.meta.tus.get(file.sharename, file.fileid);
    if (r?.id === id && r.offset === r.length) return { offset: r.length, length: r.length };
    throw new TusError('tusUploadNotFound');
  }

  /** Starts a new upload of `length` bytes into the file, stopping any older one. */
  async create(file: FileRecord, length: number): Promise<TusRecord> {
    const { ctx } = this;
    const owner = ctx.meta.getUser(file.ownerId);
    if (!owner) fail('fileNotFound');
    const running = ctx.uploads.begin(file.sharename, file.fileid, owner.id);
    const free =
      owner.storageLimit -
      ctx.meta.storageUsed(owner.id) +
      (file.readystate === 'uploaded' ? (file.size ?? 0) : 0) -
      ctx.uploads.inFlight(owner.id, running);
    if (length > free) {
      running.end();
      ctx.live.onStorageLimit(file);
      fail('storageLimit', `${length} bytes announced, ${Math.max(0, free)} free`);
    }
    // Reserved up front, so parallel uploads cannot pass the limit together.
    running.bytes = length;
    const record: TusRecord = {
      id: randomId(24),
      sharename: file.sharename,
      fileid: file.fileid,
      blobKey: randomId(24),
      length,
      offset: 0,
      created: Math.floor(Date.now() / 1000),
    };
    let writer: BlobWriter;
    try {
      writer = await ctx.blobs.createWriter(record.blobKey, { sha256: ctx.live.screensUploads() });
    } catch (err) {
      running.end();
      throw err;
    }
    ctx.meta.tus.put(record);
    const a = this.track(record, writer, running, false);
    if (length === 0) {
      this.start(a);
      await this.complete(a);
    }
    return record;
  }

  /** Appends a PATCH body at `offset`; resolves with the offset to confirm. */
  async append(id: string, file: FileRecord, offset: number, body: Receipt['source']) {
    let a = this.find(id, file);
    if (!a) return this.status(id, file).offset === offset ? offset : conflict();
    // A newer PATCH wins over one still running: the old connection has likely gone stale.
    if (a.patch) {
      a.patch.stop(new TusError('tusUploadStopped'));
      await a.patch.done;
      a = this.find(id, file);
      if (!a) throw new TusError('tusUploadNotFound');
    }
    if (offset !== a.writer.written) conflict();
    const active = a;
    const receipt = receive({
      source: body,
      writer: a.writer,
      limit: a.record.length,
      signal: a.running.controller.signal,
      beforeFirstByte: () => this.start(active),
      onWritten: (written) => {
        if (written - active.saved >= SAVE_EVERY && written < active.record.length) {
          this.save(active, written);
        }
      },
    });
    a.patch = receipt;
    let result: Awaited<typeof receipt.done>;
    try {
      result = await receipt.done;
    } finally {
      if (a.patch === receipt) delete a.patch;
    }
    const { stopped } = result;
    if (this.active.get(id) !== a) {
      if (stopped instanceof TusError || stopped instanceof ApiError) throw stopped;
      throw new TusError('tusUploadReplaced');
    }
    if (stopped && !(stopped instanceof TusError || stopped instanceof ApiError)) {
      // The disk refused the bytes (full, or failing): this upload cannot go on.
      this.ctx.logger.warn('tus upload could not be stored', { err: String(stopped) });
      await this.drop(a, stopped);
      throw new TusError('tusWriteFailed');
    }
    if (a.writer.written === a.record.length) await this.complete(a);
    else this.save(a, a.writer.written);
    if (stopped) throw stopped;
    return a.writer.written;
  }

  /** DELETE: stops the upload and drops its bytes; the file returns to its previous state. */
  async terminate(id: string, file: FileRecord): Promise<void> {
    const a = this.find(id, file);
    if (!a) {
      this.status(id, file); // 404 unless it is a finished upload
      this.ctx.meta.tus.delete(id);
      return;
    }
    a.patch?.stop(new TusError('tusUploadNotFound'));
    await a.patch?.done;
    await this.drop(a, new Error('the upload was cancelled'));
  }

  /** After a restart: reopen every unfinished upload from what really reached the disk. */
  async reopen(): Promise<void> {
    const { meta, blobs } = this.ctx;
    for (const r of meta.tus.unfinished()) {
      const file = meta.getFile(r.sharename, r.fileid);
      if (!file) continue;
      if (file.blobKey === r.blobKey) {
        // Finished, but stopped before the offset was saved.
        meta.tus.setOffset(r.id, r.length);
        continue;
      }
      const held = file.uploadKey === r.blobKey;
      const size = await blobs.size(r.blobKey);
      const broken = held ? size === undefined : r.offset > 0 || file.uploadKey !== null;
      if (broken || expired(r)) {
        meta.tus.delete(r.id);
        if (held) meta.abortUpload(file.sharename, file.fileid, r.blobKey);
        if (size !== undefined) await this.ctx.discardBlobs([r.blobKey]);
        continue;
      }
      const offset = Math.min(r.offset, size ?? 0);
      const opts = { sha256: this.ctx.live.screensUploads() };
      const writer =
        size === undefined
          ? await blobs.createWriter(r.blobKey, opts)
          : await blobs.resumeWriter(r.blobKey, offset, opts);
      if (offset !== r.offset) meta.tus.setOffset(r.id, offset);
      const running = this.ctx.uploads.begin(file.sharename, file.fileid, file.ownerId);
      running.bytes = r.length;
      this.track({ ...r, offset }, writer, running, held).saved = offset;
    }
  }

  /** Drops uploads nobody can continue any more: their signed URLs have expired. */
  async sweep(): Promise<void> {
    for (const a of [...this.active.values()]) {
      if (!a.patch && expired(a.record)) await this.drop(a, new Error('the upload expired'));
    }
  }

  /** Server shutdown: save every offset and close the files, keeping the bytes. */
  async closeAll(): Promise<void> {
    for (const a of [...this.active.values()]) {
      a.patch?.stop(new ApiError('serverClosing'));
      await a.patch?.done;
      this.save(a, a.writer.written);
      this.active.delete(a.record.id);
      await a.writer.finish().catch(() => undefined);
    }
  }

  private track(
    record: TusRecord,
    writer: BlobWriter,
    running: Active['running'],
    started: boolean,
  ): Active {
    const a: Active = { record, writer, running, started, saved: record.offset };
    this.active.set(record.id, a);
    // The writer outlives requests, so its errors need a listener of their own.
    writer.on('error', (err) => this.ctx.logger.warn('tus upload write failed', { err }));
    running.controller.signal.addEventListener('abort', () => {
      const reason: unknown = running.controller.signal.reason;
      // Shutdown keeps the upload for later; anything else (a PUT, a destroy) ends it.
      if (reason instanceof ApiError && reason.code === 'serverClosing') return;
      if (this.active.get(record.id) !== a) return;
      this.forget(a);
      void writer.abort(new Error('a newer upload replaced this one')).catch(() => undefined);
    });
    return a;
  }

  /** Marks the file `uploading` on the first byte, like a PUT does. */
  private start(a: Active): void {
    if (a.started) return;
    a.started = true;
    const { sharename, fileid, blobKey, length } = a.record;
    const file = this.ctx.meta.startUpload(sharename, fileid, blobKey, length);
    this.ctx.live.onUploadStarted(file, length);
  }

  private save(a: Active, offset: number): void {
    a.saved = offset;
    this.ctx.meta.tus.setOffset(a.record.id, offset);
  }

  private async complete(a: Active): Promise<void> {
    const { ctx } = this;
    const { sharename, fileid, blobKey, id } = a.record;
    const file = ctx.meta.getFile(sharename, fileid);
    try {
      if (file) await screen(ctx, file, a.writer);
    } catch (err) {
      await this.drop(a, err as Error);
      throw err;
    }
    const size = await a.writer.finish();
    // The file switches first: a crash in between is repaired by reopen().
    const done = ctx.meta.finishUpload(sharename, fileid, blobKey, size);
    this.active.delete(id);
    a.running.end();
    if (!done) {
      ctx.meta.tus.delete(id);
      await ctx.discardBlobs([blobKey]);
      throw new TusError('tusUploadReplaced');
    }
    ctx.meta.tus.setOffset(id, size);
    if (done.replaced) await ctx.discardBlobs([done.replaced]);
    const finished = ctx.meta.getFile(sharename, fileid);
    if (finished) ctx.live.onUploadFinished(finished);
  }

  private forget(a: Active): void {
    this.active.delete(a.record.id);
    a.running.end();
    this.ctx.meta.tus.delete(a.record.id);
    if (a.started) this.ctx.meta.abortUpload(a.record.sharename, a.record.fileid, a.record.blobKey);
  }

  private async drop(a: Active, reason: Error): Promise<void> {
    this.forget(a);
    await a.writer.abort(reason);
  }
}

/** An upload's URL carries the signature of the tusurl it was created from, minted before. */
function expired(r: TusRecord): boolean {
  return r.created + UPLOAD_URL_TTL <= Math.floor(Date.now() / 1000);
}

function conflict(): never {
  throw new TusError('tusOffsetMismatch');
}
