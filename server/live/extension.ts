/**
 * The live API as a server extension: transports on the REST port, the hub, and the hooks the
 * REST and blob routes call (gett-api.md §6-§7). Also applies moderation: removals recorded by
 * the operator command or a blocklist match reach the owner as `violatedterms`.
 */
import type { ServerContext, ServerExtension } from '../context.js';
import { ApiError } from '../errors.js';
import { tokenUser } from '../http.js';
import type { LiveHooks } from '../hooks.js';
import type { ModerationEvent, ModerationStore } from '../storage/moderation.js';
import type { FileRecord } from '../storage/types.js';
import { LiveHub } from './hub.js';
import { installJsonSocket, type JsonSocketSniffer } from './jsonsocket.js';
import { UploadWaiters, fileKey } from './waiters.js';
import { installWebSocket } from './websocket.js';

export interface LiveOptions {
  /** Heartbeat period (Ge.tt: 60 s). */
  pingIntervalMs?: number;
  /** How long a download of a `remote` file waits for its uploader to start. */
  uploadWaitMs?: number;
  /** Removal of files for breaking the terms; without it moderation is off. */
  moderation?: ModerationStore;
  /** How often removals made by another process are picked up. */
  moderationPollMs?: number;
  /** SHA-256 digests of content that is removed once its upload is complete, never served. */
  blocklist?: ReadonlySet<string>;
  /** Reason shown to owner and recipients for a blocklist match. */
  blocklistReason?: string;
}

export const DEFAULT_BLOCKLIST_REASON = 'the content matches a file banned on this server';

/** Builds the extension; `liveExtension(opts)` goes into `ServerDeps.extensions`. */
export function liveExtension(options: LiveOptions = {}): ServerExtension {
  return (ctx) => new LiveService(ctx, options).extension();
}

class LiveService {
  readonly hub: LiveHub;
  readonly #waiters = new UploadWaiters();
  #lastEventId = 0;
  #poller: NodeJS.Timeout | undefined;
  #sniffer: JsonSocketSniffer | undefined;
  /** Moderation passes run one after another, never overlapping. */
  #polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: LiveOptions,
  ) {
    this.hub = new LiveHub({
      verifyToken: (token) => {
        const user = tokenUser(ctx, token);
        return typeof user === 'string' ? null : user.id;
      },
      pingIntervalMs: options.pingIntervalMs,
      maxPerUser: ctx.config.maxLivePerUser,
      onEvicted: (userid) =>
        ctx.logger.info('live connection closed: the account opened more than allowed', {
          userid,
        }),
      onError: (err) => ctx.logger.warn('live connection error', { err: String(err) }),
    });
    this.hub.onSessionLive((userid, session) => this.#repeatDownloads(userid, session));
    const moderation = options.moderation;
    if (moderation) {
      this.#lastEventId = moderation.lastEventId();
      this.#poller = setInterval(() => this.#pollModeration(), options.moderationPollMs ?? 1000);
      this.#poller.unref();
    }
  }

  extension(): ReturnType<ServerExtension> {
    return {
      hooks: this.#hooks(),
      register: (app) => {
        this.#sniffer = installJsonSocket(app.server, (t) => this.hub.attach(t));
        installWebSocket(app.server, (t) => this.hub.attach(t));
      },
      close: async () => {
        this.#sniffer?.stop();
        clearInterval(this.#poller);
        await this.#polling;
        this.#waiters.abortAll();
        this.hub.close();
      },
    };
  }

  #hooks(): Partial<LiveHooks> {
    const { hub, ctx } = this;
    const ref = (f: FileRecord) => ({
      sharename: f.sharename,
      fileid: f.fileid,
      filename: f.filename,
    });
    return {
      isSessionLive: (userId, session) => hub.isSessionLive(userId, session),
      isUserLive: (userId) => hub.isUserLive(userId),
      onUploadStarted: (file, size) => {
        this.#waiters.started(fileKey(file.sharename, file.fileid));
        if (size !== null) hub.sendToUser(file.ownerId, { type: 'filestat', ...ref(file), size });
      },
      screensUploads: () => Boolean(this.options.moderation && this.options.blocklist?.size),
      screenUpload: (file, sha256) => this.#screen(file, sha256),
      onStorageLimit: (file) => {
        hub.sendToUser(file.ownerId, { type: 'storagelimit', ...ref(file) });
      },
      onDownloadStart: (file, { increment }) => {
        hub.sendToUser(file.ownerId, { type: 'download', ...ref(file), increment });
      },
      waitForUpload: async (file, signal) => {
        const current = ctx.meta.getFile(file.sharename, file.fileid);
        if (current && current.readystate !== 'remote') return;
        if (!file.session || !hub.isSessionLive(file.ownerId, file.session)) {
          throw new ApiError('notUploadedYet');
        }
        const waitMs = this.options.uploadWaitMs ?? 60_000;
        const outcome = await this.#waiters.wait(
          fileKey(file.sharename, file.fileid),
          waitMs,
          signal,
        );
        if (outcome === 'timeout') throw new ApiError('uploaderTimeout');
        if (outcome === 'aborted') throw new ApiError('serverClosing');
      },
    };
  }

  /** A session came back: its files that downloaders wait for are asked for again. */
  #repeatDownloads(userid: string, session: string): void {
    for (const key of this.#waiters.pendingKeys()) {
      const [sharename = '', fileid = ''] = key.split('/');
      const file = this.ctx.meta.getFile(sharename, fileid);
      if (file?.ownerId !== userid || file.session !== session || file.readystate !== 'remote')
        continue;
      this.hub.sendToUser(userid, {
        type: 'download',
        sharename,
        fileid,
        filename: file.filename,
        increment: false,
      });
    }
  }

  /** A complete upload whose digest is listed is removed before it is ever `uploaded`. */
  #screen(file: FileRecord, sha256: string): string | null {
    const { moderation, blocklist } = this.options;
    if (!moderation || !blocklist?.has(sha256)) return null;
    const reason = this.options.blocklistReason ?? DEFAULT_BLOCKLIST_REASON;
    if (moderation.remove(file.sharename, file.fileid, reason).ok) {
      this.ctx.logger.info('upload matched the blocklist and was removed', {
        sharename: file.sharename,
        fileid: file.fileid,
      });
      this.#pollModeration();
    }
    return reason;
  }

  /** Applies removals recorded since the last look: stop uploads, delete bytes, tell owners. */
  #pollModeration(): void {
    this.#polling = this.#polling
      .then(() => this.#applyModeration())
      .catch((err: unknown) =>
        this.ctx.logger.warn('applying a removal failed', { err: String(err) }),
      );
  }

  async #applyModeration(): Promise<void> {
    const moderation = this.options.moderation;
    if (!moderation) return;
    let events: ModerationEvent[];
    try {
      events = moderation.eventsAfter(this.#lastEventId);
    } catch (err) {
      this.ctx.logger.warn('reading moderation events failed', { err: String(err) });
      return;
    }
    for (const event of events) {
      this.#lastEventId = event.id;
      this.ctx.uploads.abort(event.sharename, event.fileid);
      await this.ctx.discardBlobs(event.blobKeys);
      this.hub.sendToUser(event.ownerId, {
        type: 'violatedterms',
        sharename: event.sharename,
        fileid: event.fileid,
        filename: event.filename,
        reason: event.reason,
      });
    }
  }
}
