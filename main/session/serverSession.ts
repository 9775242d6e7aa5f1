/**
 * Everything that exists while signed in to one server: the live socket, the upload queue
 * and the shares model, wired to each other. Live events bump queued files, count downloads
 * and fail files over their storage limit; a reconnect reloads the listing so no event is
 * missed and retries uploads that failed for want of a connection.
 */
import { join } from 'node:path';
import { appErrorView } from '../../shared/errors';
import type { EventChannel, EventContract } from '../../shared/ipc';
import type { LiveEvent } from '../../shared/live';
import { drop, silentLogger, type Logger } from '../../shared/log';
import type { LinkOptions } from '../../shared/model';
import { putBlob, toErrorView, type ApiClient, type PutBlobOptions } from '../api';
import type { SecureStorage } from '../auth';
import { ShareKeys } from '../e2ee/shareKeys';
import { LiveClient, type BackoffOptions } from '../live';
import type { Notifications } from '../notifications/notifications';
import { SharesModel } from '../shares';
import { UploadQueue } from '../uploads';
import type { RateLimiter } from '../uploads/rateLimit';
import { tusUpload, type TusUploadOptions } from '../uploads/tusUploader';

export type Emit = <K extends EventChannel>(channel: K, payload: EventContract[K]) => void;

export interface ServerSessionOptions {
  api: ApiClient;
  /** Base URL the app reaches the server at (loopback for the embedded one). */
  serverUrl: string;
  /** Folder for this server's saved queue. */
  dir: string;
  liveSession: string;
  clipboard: { writeText(text: string): void | Promise<void> };
  notifications: Notifications;
  concurrency: () => number;
  /** The upload speed cap shared by every upload of the app. */
  limiter?: RateLimiter;
  /** Link options for new shares (Settings' defaults). */
  linkDefaults?: () => LinkOptions;
  emit: Emit;
  /** The account's details (storage) changed and should be re-read. */
  accountChanged(): void;
  /** The server refused our sign-in for good. */
  authFailed(): void;
  backoff?: BackoffOptions;
  /** Sends a file's bytes; the streaming PUT unless a caller needs to watch or hold it. */
  put?: (opts: PutBlobOptions) => Promise<void>;
  /** Resumable uploads where the server offers them; off when a caller supplies `put`. */
  tus?: (opts: TusUploadOptions) => Promise<void>;
  /** Keeps the secrets of encrypted shares; without it every share is plain. */
  secureStorage?: SecureStorage;
  logger?: Logger;
}

/** When the account is read again after a share expired, to show its storage given back. */
const ACCOUNT_AFTER_EXPIRY_MS = [1_000, 5_000, 15_000, 35_000, 65_000];

export class ServerSession {
  readonly queue: UploadQueue;
  readonly model: SharesModel;
  readonly live: LiveClient;
  /** Secrets of this account's encrypted shares (absent without a keychain). */
  readonly keys: ShareKeys | undefined;
  private readonly log: Logger;
  private readonly accountTimers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly o: ServerSessionOptions) {
    this.log = (o.logger ?? silentLogger).child('session');
    this.keys = o.secureStorage
      ? new ShareKeys(join(o.dir, 'keys.bin'), o.secureStorage)
      : undefined;
    this.queue = new UploadQueue({
      ...(this.keys ? { keys: this.keys, manifestDir: join(o.dir, 'manifests') } : {}),
      api: o.api,
      put: o.put ?? putBlob,
      tus: o.tus ?? (o.put ? undefined : tusUpload),
      clipboard: o.clipboard,
      session: o.liveSession,
      concurrency: o.concurrency,
      ...(o.limiter ? { limiter: o.limiter } : {}),
      ...(o.linkDefaults ? { linkDefaults: o.linkDefaults } : {}),
      file: join(o.dir, 'uploads.json'),
      logger: this.log,
      listeners: {
        changed: () => this.model.uploadsChanged(),
        progress: (p) => o.emit('uploads:progress', p),
        created: (share, files) => this.model.addCreated(share, files),
        finished: (f) => {
          this.model.markUploaded(f, f.size);
          o.notifications.uploadFinished(f.filename);
          o.accountChanged();
        },
        failed: (f, error) => o.notifications.uploadFailed(f.filename, error),
      },
    });
    this.model = new SharesModel({
      api: o.api,
      ...(this.keys ? { keys: this.keys } : {}),
      uploads: this.queue,
      serverUrl: o.serverUrl,
      onChange: (views) => o.emit('shares:changed', views),
      onExpired: (names) => this.expired(names),
    });
    const liveOptions = {
      serverUrl: o.serverUrl,
      session: o.liveSession,
      accessToken: async (fresh: boolean) => {
        if (fresh) await o.api.refresh();
        return o.api.accessToken();
      },
      logger: this.log,
      ...(o.backoff ? { backoff: o.backoff } : {}),
    };
    this.live = new LiveClient(liveOptions, {
      status: (s) => o.emit('live:status', s),
      event: (e) => this.onLive(e),
      opened: (again) => {
        if (!again) return;
        drop(this.refresh(), () => {});
        this.queue.retryUnreachable();
      },
      authFailed: () => o.authFailed(),
    });
  }

  /** Restores the saved queue, loads the listing and opens the live socket. */
  async start(): Promise<void> {
    this.live.start();
    await this.keys?.load();
    await this.queue.restore();
    await this.refresh();
  }

  /** Reloads the listing; a failure becomes a toast, not a crash. */
  async refresh(): Promise<void> {
    try {
      await this.model.refresh();
    } catch (err) {
      this.log.warn('listing failed', { err });
      this.o.notifications.error(toErrorView(err));
    }
  }

  /**
   * Stops the live socket and every upload. Unfinished uploads stay saved for this server and
   * resume on the next sign-in to it, unless `dropUploads` (signing out): then they are gone,
   * so nobody who signs in next sends them under their own account.
   */
  async close(opts: { dropUploads?: boolean } = {}): Promise<void> {
    this.live.stop();
    this.model.close();
    for (const t of this.accountTimers) clearTimeout(t);
    this.accountTimers.clear();
    if (opts.dropUploads) this.queue.forget(() => true);
    await this.queue.close();
  }

  /**
   * Shares expired: their uploads stop (the server refuses them now) and the account is read
   * again as the server's sweep deletes their bytes (within 30 s by default, at most a minute).
   */
  private expired(names: readonly string[]): void {
    const gone = new Set(names);
    this.queue.forget((f) => gone.has(f.sharename));
    this.o.accountChanged();
    for (const ms of ACCOUNT_AFTER_EXPIRY_MS) {
      const timer = setTimeout(() => {
        this.accountTimers.delete(timer);
        this.o.accountChanged();
      }, ms);
      timer.unref?.();
      this.accountTimers.add(timer);
    }
  }

  private onLive(e: LiveEvent): void {
    this.model.applyLive(e);
    switch (e.type) {
      case 'download':
        this.queue.bump(e);
        if (e.increment !== false) {
          this.o.notifications.downloadStarted(e.filename);
          this.o.emit('live:download', {
            sharename: e.sharename,
            fileid: e.fileid,
            filename: e.filename,
          });
        }
        return;
      case 'storagelimit':
        this.queue.fail(e, appErrorView('storageFull'));
        return;
      case 'violatedterms': {
        // An uploaded file is no longer in the queue; the person hears about it all the same.
        const removed = appErrorView('removedForTerms', e.reason);
        if (!this.queue.fail(e, removed)) this.o.notifications.uploadFailed(e.filename, removed);
        this.o.accountChanged();
        return;
      }
      case 'filestat':
        return;
    }
  }
}
