/**
 * Running tus uploads. Each keeps its blob writer open between PATCH requests, so downloaders
 * tailing the file follow it across requests, and holds a slot of the server's upload
 * registry for its whole announced length: a PUT to the same file or its deletion stops it,
 * and parallel uploads cannot take the bytes it was promised.
 */
import type { ServerContext } from '../context.js';
import { ApiError, fail } from '../errors.js';
import { randomId } from '../ids.js';
import { abortReasonOf, UploadAborted, type UploadSlot } from '../uploads.js';
import { UPLOAD_URL_TTL } from '../urls.js';
import type { TusRecord } from '../storage/tus.js';
import type { FileRecord } from '../storage/types.js';
import { TusError } from './protocol.js';
import { receive, type Receipt } from './receive.js';

/** Bytes between offset saves while a PATCH runs, so a killed server resumes near the end. */
const SAVE_EVERY = 8 * 1024 * 1024;

interface Active {
  readonly record: TusRecord;
  readonly slot: UploadSlot;
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
    if (a) return { offset: a.slot.writer.written, length: a.record.length };
    const r = this.ctx.meta.tus.get(file.sharename, file.fileid);
    if (r?.id === id && r.offset === r.length) return { offset: r.length, length: r.length };
    throw new TusError('tusUploadNotFound');
  }

  /** Starts a new upload of `length` bytes into the file, stopping any older one. */
  async create(file: FileRecord, length: number): Promise<TusRecord> {
    const { ctx } = this;
    const slot = ctx.uploads.begin(file);
    // The whole length is held up front, so parallel uploads cannot pass the limit together.
    if (!slot.reserve(length)) {
      slot.end();
      fail('storageLimit', `${length} bytes announced, ${slot.room()} free`);
    }
    const record: TusRecord = {
      id: randomId(24),
      sharename: file.sharename,
      fileid: file.fileid,
      blobKey: randomId(24),
      length,
      offset: 0,
      created: Math.floor(Date.now() / 1000),
    };
    try {
      await slot.open(record.blobKey);
    } catch (err) {
      slot.end();
      throw err;
    }
    ctx.meta.tus.put(record);
    const a = this.track(record, slot);
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
    if (offset !== a.slot.writer.written) conflict();
    const active = a;
    const receipt = receive({
      source: body,
      writer: a.slot.writer,
      limit: a.record.length,
      signal: a.slot.signal,
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
    const stopped = wireError(result.stopped);
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
    const written = a.slot.writer.written;
    if (written === a.record.length) await this.complete(a);
    else this.save(a, written);
    if (stopped) throw stopped;
    return written;
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
    await this.drop(a, new UploadAborted('cancelled'));
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
      const slot = this.ctx.uploads.begin(file);
      slot.restore(r.length);
      if (size === undefined) await slot.open(r.blobKey);
      else {
        const opts = { sha256: this.ctx.live.screensUploads() };
        slot.adopt(await blobs.resumeWriter(r.blobKey, offset, opts), held);
      }
      if (offset !== r.offset) meta.tus.setOffset(r.id, offset);
      this.track({ ...r, offset }, slot).saved = offset;
    }
  }

  /** Drops uploads nobody can continue any more: their signed URLs have expired. */
  async sweep(): Promise<void> {
    for (const a of [...this.active.values()]) {
      if (!a.patch && expired(a.record)) await this.drop(a, new UploadAborted('expired'));
    }
  }

  /** Server shutdown: save every offset and close the files, keeping the bytes. */
  async closeAll(): Promise<void> {
    for (const a of [...this.active.values()]) {
      a.patch?.stop(new ApiError('serverClosing'));
      await a.patch?.done;
      this.save(a, a.slot.writer.written);
      this.active.delete(a.record.id);
      await a.slot.suspend();
    }
  }

  private track(record: TusRecord, slot: UploadSlot): Active {
    const a: Active = { record, slot, saved: record.offset };
    this.active.set(record.id, a);
    // The writer outlives requests, so its errors need a listener of their own.
    slot.writer.on('error', (err) => this.ctx.logger.warn('tus upload write failed', { err }));
    slot.signal.addEventListener('abort', () => {
      // Shutdown keeps the upload for later; anything else (a PUT, a destroy) ends it.
      if (abortReasonOf(slot.signal.reason) === 'serverClosing') return;
      if (this.active.get(record.id) !== a) return;
      void this.drop(a, slot.signal.reason as Error).catch(() => undefined);
    });
    return a;
  }

  /** Marks the file `uploading` on the first byte, like a PUT does. */
  private start(a: Active): void {
    a.slot.start(a.record.length);
  }

  private save(a: Active, offset: number): void {
    a.saved = offset;
    this.ctx.meta.tus.setOffset(a.record.id, offset);
  }

  private async complete(a: Active): Promise<void> {
    const { id } = a.record;
    try {
      const finished = await a.slot.complete();
      this.active.delete(id);
      this.ctx.meta.tus.setOffset(id, finished.size ?? a.record.length);
    } catch (err) {
      this.active.delete(id);
      this.ctx.meta.tus.delete(id);
      if (abortReasonOf(err) === 'superseded') throw new TusError('tusUploadReplaced');
      throw err;
    }
  }

  /** Ends the upload for good: the file returns to its previous state, the bytes go. */
  private async drop(a: Active, reason: Error): Promise<void> {
    this.active.delete(a.record.id);
    this.ctx.meta.tus.delete(a.record.id);
    await a.slot.fail(reason);
  }
}

/**
 * What a PATCH stopped by its upload's slot answers: shutdown is a 503 to retry after, any
 * other stop (a PUT, a removal) means this upload is gone.
 */
function wireError(stopped: Error | undefined): Error | undefined {
  const reason = abortReasonOf(stopped);
  if (reason === undefined) return stopped;
  return reason === 'serverClosing'
    ? new ApiError('serverClosing')
    : new TusError('tusUploadReplaced');
}

/** An upload's URL carries the signature of the tusurl it was created from, minted before. */
function expired(r: TusRecord): boolean {
  return r.created + UPLOAD_URL_TTL <= Math.floor(Date.now() / 1000);
}

function conflict(): never {
  throw new TusError('tusOffsetMismatch');
}
