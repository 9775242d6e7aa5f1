/**
 * The upload queue. A drop creates the share (or uses the selected one) and every file at
 * once with the live session, so all links exist before a byte moves, and copies them. Files
 * then upload a few at a time, streamed from disk. A live `download` for a queued file starts
 * it at once. The queue is saved on every change, so unfinished uploads restart by themselves.
 * Phases change only through `transition` (phase.ts), the one table of moves.
 */
import { stat } from 'node:fs/promises';
import type { AppErrorView } from '../../shared/errors';
import type { GettFile, GettShare } from '../../shared/gett';
import { IpcError } from '../../shared/ipc';
import { silentLogger, type Logger } from '../../shared/log';
import type { DropResult, LinkOptions, UploadProgress, UploadView } from '../../shared/model';
import { ApiError, isAbort, toErrorView, type ApiClient, type PutBlobOptions } from '../api';
import type { BackoffOptions } from '../live/backoff';
import { collectFiles, type LocalFile } from './collect';
import { Later } from './later';
import { fromSaved, key, toSaved, type FileRef, type Item } from './item';
import { transition } from './phase';
import { QueueFile } from './persist';
import { IDLE_SAMPLE_MS, ProgressMeter } from './progress';
import type { RateLimiter } from './rateLimit';
import type { TusUploadOptions } from './tusUploader';

export type { FileRef } from './item';

export interface UploadQueueListeners {
  /** The set of items or one item's phase changed. */
  changed(): void;
  progress(p: UploadProgress): void;
  created(share: GettShare, files: GettFile[]): void;
  finished(ref: FileRef & { filename: string; size: number }): void;
  failed(ref: FileRef & { filename: string }, error: AppErrorView): void;
}

export interface UploadQueueOptions {
  api: Pick<ApiClient, 'createShare' | 'createFiles' | 'share' | 'uploadUrls' | 'destroyFile'>;
  put: (opts: PutBlobOptions) => Promise<void>;
  /** Resumable upload (tusUpload), used when given and the server offers a `tusurl`. */
  tus?: (opts: TusUploadOptions) => Promise<void>;
  clipboard: { writeText(text: string): void | Promise<void> };
  /** The live session files are created with. */
  session: string;
  concurrency: () => number;
  /** Where the queue is saved. */
  file: string;
  listeners?: Partial<UploadQueueListeners>;
  logger?: Logger;
  now?: () => number;
  /** Pauses between retries of uploads that failed because the server was away. */
  retryBackoff?: BackoffOptions;
  /** The upload speed cap, shared by every upload (and changed live by Settings). */
  limiter?: RateLimiter;
  /** Link options every new share gets unless the drop names its own (Settings' defaults). */
  linkDefaults?: () => LinkOptions;
}

const RETRY_BACKOFF: BackoffOptions = { minMs: 2_000, maxMs: 60_000 };

export class UploadQueue {
  private readonly items = new Map<string, Item>();
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly store: QueueFile;
  private readonly log: Logger;
  private readonly on: Partial<UploadQueueListeners>;
  private nextPriority = 1;
  private readonly earlyBumps = new Set<string>();
  private dropping = 0;
  private readonly later: Later;
  private closing = false;

  constructor(private readonly options: UploadQueueOptions) {
    this.store = new QueueFile(options.file);
    this.log = (options.logger ?? silentLogger).child('uploads');
    this.on = options.listeners ?? {};
    this.later = new Later(options.retryBackoff ?? RETRY_BACKOFF);
  }

  /** Loads the saved queue and starts what was unfinished. */
  async restore(): Promise<void> {
    for (const saved of await this.store.load()) {
      const item = fromSaved(saved);
      this.items.set(key(item), item);
    }
    this.changed();
    this.pump();
  }

  /**
   * Shares dropped paths: creates every link, copies them, queues the uploads. A new share gets
   * the default link options with `options` laid over them; a drop into a share keeps its own.
   */
  async drop(
    paths: readonly string[],
    sharename?: string,
    options: LinkOptions = {},
  ): Promise<DropResult> {
    const { files, title } = await collectFiles(paths);
    if (files.length === 0) {
      throw new IpcError(
        'Nothing to share: the dropped folder is empty. Drop files, or a folder with files in it.',
        'invalidRequest',
      );
    }
    const api = this.options.api;
    this.dropping += 1;
    try {
      const share = sharename
        ? await api.share(sharename)
        : await api.createShare(title, { ...this.options.linkDefaults?.(), ...options });
      const created = await api.createFiles(
        share.sharename,
        files.map((f) => f.name),
        this.options.session,
      );
      const links =
        created.length === 1
          ? [created[0]!.getturl]
          : [share.getturl, ...created.map((f) => f.getturl)];
      const copied = links.join('\n');
      await this.options.clipboard.writeText(copied);
      this.on.created?.(share, created);

      created.forEach((file, i) => this.add(file, files[i]!));
      this.changed();
      for (const item of this.items.values()) {
        if (item.phase === 'queued' && item.priority > 0) this.start(item);
      }
      this.pump();
      return { sharename: share.sharename, links, copied };
    } finally {
      this.dropping -= 1;
      if (this.dropping === 0) this.earlyBumps.clear();
    }
  }

  /** Someone is downloading this file: upload it now, ahead of the queue and its limit. */
  bump(ref: FileRef): void {
    const item = this.items.get(key(ref));
    if (!item) {
      // The download may have beaten the end of a drop that is creating this file.
      if (this.dropping > 0) this.earlyBumps.add(key(ref));
      return;
    }
    if (item.phase !== 'queued') return;
    item.priority = this.nextPriority++;
    this.start(item);
  }

  pause(ref: FileRef): void {
    const item = this.items.get(key(ref));
    if (!item || !transition(item, 'pause')) return;
    this.running.get(key(ref))?.abort.abort();
    this.changed();
  }

  resume(ref: FileRef): void {
    const item = this.items.get(key(ref));
    if (!item || !transition(item, 'resume')) return;
    this.changed();
    this.pump();
  }

  /** The person asks for another try: failures are reported afresh. */
  retry(ref: FileRef): void {
    const item = this.items.get(key(ref));
    if (item) delete item.attempts;
    this.requeue(ref);
  }

  private requeue(ref: FileRef): void {
    const item = this.items.get(key(ref));
    if (!item || !transition(item, 'requeue')) return;
    this.changed();
    this.pump();
  }

  /** Stops and forgets the upload and deletes the file's link, which could never work. */
  async cancel(ref: FileRef): Promise<void> {
    const item = this.items.get(key(ref));
    if (!item) return;
    this.items.delete(key(ref));
    const run = this.running.get(key(ref));
    run?.abort.abort();
    await run?.done;
    this.changed();
    await this.options.api.destroyFile(ref.sharename, ref.fileid).catch((err: unknown) => {
      this.log.info('cancelled file was not deleted', { err });
    });
  }

  pauseAll(): void {
    for (const item of this.items.values()) this.pause(item);
  }

  resumeAll(): void {
    for (const item of this.items.values()) transition(item, 'resume');
    this.changed();
    this.pump();
  }

  /** Retries what failed because the server was unreachable (called when it is back). */
  retryUnreachable(): void {
    for (const item of this.items.values()) {
      if (item.phase === 'failed' && item.error?.code === 'serverUnreachable') this.requeue(item);
    }
  }

  /** Fails one file with a message, e.g. after a live `storagelimit` or `violatedterms`. */
  /** Returns false when the file is not in the queue. */
  fail(ref: FileRef, error: AppErrorView): boolean {
    const item = this.items.get(key(ref));
    if (!item) return false;
    transition(item, 'fail', error);
    this.running.get(key(ref))?.abort.abort();
    this.changed();
    this.on.failed?.(item, error);
    return true;
  }

  /** Forgets a file whose share or link was deleted. */
  forget(predicate: (ref: FileRef) => boolean): void {
    for (const item of [...this.items.values()]) {
      if (!predicate(item)) continue;
      this.items.delete(key(item));
      this.running.get(key(item))?.abort.abort();
    }
    this.changed();
  }

  shareNames(): ReadonlySet<string> {
    return new Set([...this.items.values()].map((i) => i.sharename));
  }

  view(ref: FileRef): UploadView | undefined {
    const item = this.items.get(key(ref));
    if (!item) return undefined;
    const base = { phase: item.phase, bytes: item.bytes, total: item.size, speed: 0, eta: null };
    return item.error ? { ...base, error: item.error } : base;
  }

  /** Starts more uploads if the concurrency setting now allows. */
  kick(): void {
    this.pump();
  }

  /** Stops every upload without failing it; they restart when the queue is restored. */
  async close(): Promise<void> {
    this.closing = true;
    this.later.cancelAll();
    const runs = [...this.running.values()];
    for (const r of runs) r.abort.abort();
    await Promise.all(runs.map((r) => r.done));
    await this.save();
  }

  private add(file: GettFile, local: LocalFile): void {
    const item: Item = {
      sharename: file.sharename,
      fileid: file.fileid,
      filename: file.filename,
      path: local.path,
      size: local.size,
      phase: 'queued',
      bytes: 0,
      priority: 0,
    };
    if (file.upload) item.urls = file.upload;
    if (this.earlyBumps.delete(key(item))) item.priority = this.nextPriority++;
    this.items.set(key(item), item);
  }

  private pump(): void {
    if (this.closing) return;
    const limit = Math.max(1, this.options.concurrency());
    while (this.running.size < limit) {
      const next = this.pickNext();
      if (!next) return;
      this.start(next);
    }
  }

  private pickNext(): Item | undefined {
    let best: Item | undefined;
    for (const item of this.items.values()) {
      if (item.phase !== 'queued') continue;
      if (!best || item.priority > best.priority) best = item;
    }
    return best;
  }

  private start(item: Item): void {
    if (this.closing || this.running.has(key(item)) || !transition(item, 'start')) return;
    const abort = new AbortController();
    item.bytes = item.tus?.offset ?? 0;
    const done = this.upload(item, abort.signal)
      .catch((err: unknown) => this.log.error('upload bookkeeping failed', { err }))
      .finally(() => {
        this.running.delete(key(item));
        this.pump();
      });
    this.running.set(key(item), { abort, done });
    this.changed();
  }

  private async upload(item: Item, signal: AbortSignal): Promise<void> {
    const meter = new ProgressMeter(item, item.size, this.options.now);
    // Nothing moving for a while still reports, so the row's speed and ETA decay.
    const idle = setInterval(() => {
      const p = meter.idle(item.bytes);
      if (p) this.on.progress?.(p);
    }, IDLE_SAMPLE_MS);
    idle.unref();
    try {
      // The file may have changed since the drop; send what is on disk now.
      item.size = (await stat(item.path)).size;
      // A saved tus upload goes on without new URLs; anything else asks for them.
      const { tus } = this.options;
      const resume = tus ? item.tus : undefined;
      const urls = resume
        ? undefined
        : (item.urls ?? (await this.options.api.uploadUrls(item.sharename, item.fileid)));
      delete item.urls; // single use: a later attempt asks for fresh ones
      signal.throwIfAborted();
      const onBytes = (sent: number): void => {
        item.bytes = sent;
        const p = meter.update(sent);
        if (p) this.on.progress?.(p);
      };
      const { limiter } = this.options;
      const file = {
        path: item.path,
        size: item.size,
        signal,
        ...(limiter ? { throttle: () => limiter.throttle(signal) } : {}),
      };
      if (tus && (resume || urls?.tusurl)) {
        await tus({
          ...file,
          endpoint: async () => urls?.tusurl ?? (await this.tusEndpoint(item)),
          resume,
          onBytes,
          onState: (state) => {
            item.tus = state;
            onBytes(state.offset);
            this.save().catch((err: unknown) => this.log.error('saving the queue failed', { err }));
          },
        });
      } else {
        const url = (urls ?? (await this.options.api.uploadUrls(item.sharename, item.fileid)))
          .puturl;
        await this.options.put({ url, ...file, onBytes });
      }
      this.on.progress?.(meter.update(item.size, true)!);
      this.items.delete(key(item));
      this.changed();
      this.on.finished?.(item);
    } catch (err) {
      if (signal.aborted || isAbort(err)) {
        // Paused or failed by a live event: that move already happened and `stopped` does not
        // apply. Cancelled or forgotten: the item is gone. Closing: back to the queue.
        transition(item, 'stopped');
        return;
      }
      const error = toErrorView(err);
      this.log.warn('upload failed', { file: key(item), error });
      if (error.code === 'notFound') {
        // The file or its share was deleted meanwhile: nothing left to upload to.
        this.items.delete(key(item));
        this.changed();
        this.on.failed?.(item, error);
        return;
      }
      transition(item, 'fail', error);
      this.changed();
      // While the server stays away, say so once, not at every retry.
      const away = error.code === 'serverUnreachable';
      if (!away || !item.attempts) this.on.failed?.(item, error);
      if (away) this.retryLater(item);
    } finally {
      clearInterval(idle);
    }
  }

  /** The server is away: try again after a growing pause (a reconnect may retry sooner). */
  private retryLater(item: Item): void {
    item.attempts = (item.attempts ?? 0) + 1;
    this.later.schedule(item.attempts, () => {
      if (item.phase === 'failed' && item.error?.code === 'serverUnreachable') this.requeue(item);
    });
  }

  /** A fresh tus URL for a file whose saved upload is gone. */
  private async tusEndpoint(item: Item): Promise<string> {
    const urls = await this.options.api.uploadUrls(item.sharename, item.fileid);
    if (urls.tusurl) return urls.tusurl;
    delete item.tus; // the next attempt uploads with PUT
    throw new ApiError(
      'server',
      'The server no longer offers resumable uploads; retry to upload again',
    );
  }

  private changed(): void {
    void this.save().catch((err: unknown) => this.log.error('saving the queue failed', { err }));
    if (!this.closing) this.on.changed?.();
  }

  private save(): Promise<void> {
    return this.store.save(() => [...this.items.values()].map(toSaved));
  }
}
