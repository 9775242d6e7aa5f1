/**
 * The upload queue. A drop creates the share (or uses the selected one) and every file at
 * once with the live session, so all links exist before a byte moves, and copies them. Files
 * then upload a few at a time, streamed from disk. A live `download` for a queued file starts
 * it at once. The queue is saved on every change, so unfinished uploads restart by themselves.
 * Phases change only through `transition` (phase.ts), the one table of moves.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_NAME, keyedLink, neutralName, type ManifestEntry } from '../../shared/e2ee';
import { ece } from '../../shared/ece';
import type { AppErrorView } from '../../shared/errors';
import type { GettFile, GettShare } from '../../shared/gett';
import { IpcError } from '../../shared/ipc';
import { silentLogger, type Logger } from '../../shared/log';
import type { DropResult, LinkOptions, UploadProgress, UploadView } from '../../shared/model';
import { ApiError, isAbort, toErrorView, type ApiClient, type PutBlobOptions } from '../api';
import { encryptedRange } from '../e2ee/encryptedFile';
import type { ShareKeys } from '../e2ee/shareKeys';
import type { BackoffOptions } from '../live/backoff';
import { collectFiles, type LocalFile } from './collect';
import { Later } from './later';
import { fromSaved, key, toSaved, type FileRef, type Item } from './item';
import { transition } from './phase';
import { QueueFile } from './persist';
import { IDLE_SAMPLE_MS, ProgressMeter } from './progress';
import type { RateLimiter } from './rateLimit';
import type { TusUploadOptions } from './tusUploader';
import type { Readable } from 'node:stream';

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
  /** The secrets of encrypted shares; without them every share is plain. */
  keys?: ShareKeys;
  /** Where drops into encrypted shares keep their manifest until it is uploaded. */
  manifestDir?: string;
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
   * the default link options with `options` laid over them, and is end-to-end encrypted when
   * `encrypt` says so; a drop into a share keeps its own options and follows its encryption.
   */
  async drop(
    paths: readonly string[],
    sharename?: string,
    options: LinkOptions = {},
    encrypt = false,
  ): Promise<DropResult> {
    const { files, title } = await collectFiles(paths);
    if (files.length === 0) {
      throw new IpcError(
        'Nothing to share: the dropped folder is empty. Drop files, or a folder with files in it.',
        'invalidRequest',
      );
    }
    const { api, keys } = this.options;
    this.dropping += 1;
    try {
      const existing = sharename ? await api.share(sharename) : undefined;
      const known = existing ? keys?.get(existing.sharename) : undefined;
      const encrypted = existing ? known !== undefined : encrypt;
      if (encrypted && !keys) {
        throw new IpcError('Encrypted shares are not available here.', 'invalidRequest');
      }
      const secret = encrypted ? (known?.secret ?? keys!.newSecret()) : undefined;
      // An encrypted share tells the server nothing: no title, neutral names, a manifest.
      const share =
        existing ??
        (await api.createShare(encrypted ? undefined : title, {
          ...this.options.linkDefaults?.(),
          ...options,
        }));
      const names = encrypted
        ? [MANIFEST_NAME, ...files.map((_, i) => neutralName(i + 1))]
        : files.map((f) => f.name);
      const all = await api.createFiles(share.sharename, names, this.options.session);
      const created = encrypted ? all.slice(1) : all;
      let link = (url: string): string => url;
      let manifest: { file: GettFile; path: string; size: number } | undefined;
      if (secret && keys) {
        const file = all[0]!;
        const entries: ManifestEntry[] = created.map((f, i) => ({
          fileid: f.fileid,
          name: files[i]!.name,
          size: files[i]!.size,
        }));
        manifest = await this.writeManifest(share.sharename, file, entries);
        await keys.add(
          share.sharename,
          secret,
          file.fileid,
          Object.fromEntries(entries.map((e) => [e.fileid, { name: e.name, size: e.size }])),
        );
        const fragment = ece.encodeKey(secret);
        link = (url) => keyedLink(url, fragment);
      }
      const links =
        created.length === 1
          ? [link(created[0]!.getturl)]
          : [link(share.getturl), ...created.map((f) => link(f.getturl))];
      const copied = links.join('\n');
      await this.options.clipboard.writeText(copied);
      this.on.created?.(share, all);

      if (manifest) {
        this.add(
          manifest.file,
          { path: manifest.path, name: MANIFEST_NAME, size: manifest.size },
          {
            encrypted: true,
            manifest: true,
          },
        );
      }
      created.forEach((file, i) => this.add(file, files[i]!, encrypted ? { encrypted } : {}));
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

  /** Writes a drop's manifest (real names and sizes) where the queue uploads it from. */
  private async writeManifest(sharename: string, file: GettFile, files: ManifestEntry[]) {
    const dir = this.options.manifestDir;
    if (!dir) throw new IpcError('Encrypted shares are not available here.', 'invalidRequest');
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${sharename}-${file.fileid}.json`);
    const body = JSON.stringify({ v: 1, files });
    await writeFile(path, body, { mode: 0o600 });
    return { file, path, size: Buffer.byteLength(body) };
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

  private add(
    file: GettFile,
    local: LocalFile,
    e2ee: { encrypted?: boolean; manifest?: boolean } = {},
  ): void {
    const item: Item = {
      sharename: file.sharename,
      fileid: file.fileid,
      // The real name: an encrypted file's name on the server is a neutral one.
      filename: e2ee.encrypted ? local.name : file.filename,
      path: local.path,
      size: local.size,
      phase: 'queued',
      bytes: 0,
      priority: 0,
      ...e2ee,
    };
    // A manifest goes first: recipients need it to see what the other files are.
    if (e2ee.manifest) item.priority = this.nextPriority++;
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
      const info = await stat(item.path);
      item.size = info.size;
      const open = item.encrypted ? await this.encryption(item, info) : undefined;
      meter.resize(item.size);
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
        ...(open ? { open } : {}),
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
      if (item.manifest) {
        await rm(item.path, { force: true });
        return;
      }
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

  /**
   * Prepares an encrypted upload: the ciphertext's size becomes the upload's, and its bytes
   * come from `encryptedRange`. A saved tus upload goes on with its salt only while the file
   * is unchanged; anything else is a new upload with a new salt, so no record's nonce ever
   * covers two different plaintexts.
   */
  private async encryption(
    item: Item,
    info: { size: number; mtimeMs: number },
  ): Promise<(start: number, end: number) => Readable> {
    const key = this.options.keys?.get(item.sharename);
    if (!key) {
      throw new Error(
        'The key of this encrypted share is no longer on this computer, so the file cannot be encrypted. Delete the file and share it again.',
      );
    }
    const same =
      item.e2ee !== undefined &&
      item.tus !== undefined &&
      item.e2ee.plainSize === info.size &&
      item.e2ee.mtimeMs === info.mtimeMs;
    if (!same) {
      delete item.tus;
      item.e2ee = {
        salt: Buffer.from(ece.newSalt()).toString('base64url'),
        plainSize: info.size,
        mtimeMs: info.mtimeMs,
      };
    }
    const state = item.e2ee!;
    const source = {
      path: item.path,
      ikm: await ece.fileKey(key.secret, item.fileid),
      salt: new Uint8Array(Buffer.from(state.salt, 'base64url')),
      plainSize: state.plainSize,
    };
    item.size = ece.ciphertextSize(state.plainSize);
    return (start, end) => encryptedRange(source, start, end);
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
