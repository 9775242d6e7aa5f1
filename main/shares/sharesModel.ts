/**
 * One view of the account's shares for the renderer: the REST listing, with the upload
 * queue's state laid over each file and live events (download counts, removals, sizes)
 * applied as they arrive. Changes are coalesced into one `shares:changed` per tick.
 */
import type { GettFile, GettShare } from '../../shared/gett';
import type { LiveEvent } from '../../shared/live';
import { appErrors } from '../../shared/errors';
import { IpcError } from '../../shared/ipc';
import type { FileView, LinkOptions, ShareView, UploadView } from '../../shared/model';
import { inDropOrder } from '../../shared/order';
import { MANIFEST_NAME, keyedLink } from '../../shared/e2ee';
import { ApiError, type ApiClient } from '../api';
import type { ShareKey, ShareKeys } from '../e2ee/shareKeys';

export interface SharesModelOptions {
  api: Pick<
    ApiClient,
    'shares' | 'updateShare' | 'setLinkOptions' | 'destroyShare' | 'destroyFile'
  >;
  uploads: {
    view(ref: { sharename: string; fileid: string }): UploadView | undefined;
    /** Shares with a file in the queue: only their views change with upload progress. */
    shareNames(): ReadonlySet<string>;
  };
  /** Base URL for thumbnails. */
  serverUrl: string;
  /** Secrets and real names of encrypted shares. */
  keys?: Pick<ShareKeys, 'get' | 'remove'>;
  onChange(views: ShareView[]): void;
  /** Shares whose expiry just passed (their storage comes back once the server sweeps). */
  onExpired?(sharenames: readonly string[]): void;
  now?: () => number;
}

/** setTimeout's longest delay; a later expiry is checked again when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const IMAGE = /\.(png|jpe?g|gif|webp|bmp|avif)$/i;

export class SharesModel {
  private shares = new Map<string, GettShare>();
  /** Shares added locally while a refresh was in flight, which its answer may not know yet. */
  private recent = new Set<string>();
  private scheduled = false;
  private closed = false;
  /**
   * Views of shares with nothing in the queue, by share object: shares are replaced, never
   * changed in place, so a long history is not rebuilt on every upload's progress.
   */
  private settled = new WeakMap<GettShare, ShareView>();
  /** Shares seen expired, by name: kept in the list (marked) until removed from it. */
  private readonly expiredNames = new Set<string>();
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SharesModelOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Reloads the listing from the server (at start and after every reconnect). */
  async refresh(): Promise<ShareView[]> {
    this.recent.clear();
    const list = await this.options.api.shares();
    const next = new Map(list.map((s) => [s.sharename, s]));
    for (const name of this.recent) {
      const local = this.shares.get(name);
      if (local && !next.has(name)) next.set(name, local);
    }
    // The server lists no expired share; the window keeps showing it, marked, until removed.
    for (const [name, local] of this.shares) {
      if (!next.has(name) && this.isExpired(local)) next.set(name, local);
    }
    this.shares = next;
    this.checkExpiry();
    this.changed();
    return this.views();
  }

  views(): ShareView[] {
    const active = this.options.uploads.shareNames();
    return [...this.shares.values()]
      .sort((a, b) => b.created - a.created)
      .map((s) => {
        if (active.has(s.sharename)) return this.shareView(s);
        let view = this.settled.get(s);
        if (!view) {
          view = this.shareView(s);
          this.settled.set(s, view);
        }
        return view;
      });
  }

  /** Files just created by a drop, before the next listing. */
  addCreated(share: GettShare, files: GettFile[]): void {
    const known = this.shares.get(share.sharename) ?? share;
    const ids = new Set(files.map((f) => f.fileid));
    const merged = [...files, ...known.files.filter((f) => !ids.has(f.fileid))];
    this.shares.set(share.sharename, { ...known, files: merged });
    this.recent.add(share.sharename);
    this.checkExpiry();
    this.changed();
  }

  markUploaded(ref: { sharename: string; fileid: string }, size: number): void {
    this.updateFile(ref, (f) => ({ ...f, readystate: 'uploaded', size }));
  }

  /** Applies a live event; returns whether it concerned a known file. */
  applyLive(event: LiveEvent): boolean {
    switch (event.type) {
      case 'download':
        if (event.increment === false) return this.has(event);
        return this.updateFile(event, (f) => ({
          ...f,
          downloads: f.downloads + 1,
          ...(f.downloadsleft !== undefined
            ? { downloadsleft: Math.max(0, f.downloadsleft - 1) }
            : {}),
        }));
      case 'filestat':
        return this.updateFile(event, (f) => ({ ...f, size: event.size }));
      case 'violatedterms':
        return this.updateFile(event, (f) => ({
          ...f,
          readystate: 'removed',
          reason: event.reason,
        }));
      case 'storagelimit':
        this.changed(); // the queue marks the file failed; redraw it
        return this.has(event);
    }
  }

  /** The upload queue changed: redraw. */
  uploadsChanged(): void {
    this.changed();
  }

  async rename(sharename: string, title: string | null): Promise<ShareView> {
    const updated = await this.options.api.updateShare(sharename, title);
    this.shares.set(sharename, updated);
    this.changed();
    return this.shareView(updated);
  }

  /** Sets, changes or clears a share's expiry, download limit and password. */
  async setLinks(sharename: string, links: LinkOptions): Promise<ShareView> {
    const known = this.shares.get(sharename);
    if (known && this.isExpired(known)) throw this.expiredError();
    let updated: GettShare;
    try {
      updated = await this.options.api.setLinkOptions(sharename, links);
    } catch (err) {
      // It expired between the last look and now: say so rather than "no longer exists".
      if (err instanceof ApiError && err.wireCode === 'shareRemoved' && known?.expires) {
        throw this.expiredError();
      }
      throw err;
    }
    this.shares.set(sharename, updated);
    this.checkExpiry();
    this.changed();
    return this.shareView(updated);
  }

  /** Deletes a share; an expired one the server has removed already only leaves the list. */
  async remove(sharename: string): Promise<void> {
    const known = this.shares.get(sharename);
    if (!known || !this.isExpired(known)) await this.options.api.destroyShare(sharename);
    await this.options.keys?.remove(sharename);
    this.shares.delete(sharename);
    this.expiredNames.delete(sharename);
    this.changed();
  }

  async removeFile(sharename: string, fileid: string): Promise<void> {
    await this.options.api.destroyFile(sharename, fileid);
    const share = this.shares.get(sharename);
    if (share) {
      this.shares.set(sharename, {
        ...share,
        files: share.files.filter((f) => f.fileid !== fileid),
      });
    }
    this.changed();
  }

  close(): void {
    this.closed = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }

  private isExpired(s: GettShare): boolean {
    return s.expires !== undefined && s.expires * 1000 <= this.now();
  }

  private expiredError(): IpcError {
    const { message, action } = appErrors.shareExpired;
    return new IpcError(`${message} ${action}`, 'shareExpired');
  }

  /**
   * Marks shares whose expiry has passed (a new object, so their cached view is rebuilt) and
   * sets a timer for the next one to expire.
   */
  private checkExpiry(): void {
    if (this.closed) return;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    const now = this.now();
    const newly: string[] = [];
    let next = Infinity;
    for (const [name, share] of this.shares) {
      if (share.expires === undefined) continue;
      if (share.expires * 1000 <= now) {
        if (this.expiredNames.has(name)) continue;
        this.expiredNames.add(name);
        this.shares.set(name, { ...share });
        newly.push(name);
      } else {
        this.expiredNames.delete(name);
        next = Math.min(next, share.expires * 1000);
      }
    }
    if (next !== Infinity) {
      this.expiryTimer = setTimeout(() => this.checkExpiry(), Math.min(next - now, MAX_TIMER_MS));
      this.expiryTimer.unref?.();
    }
    if (newly.length > 0) {
      this.changed();
      this.options.onExpired?.(newly);
    }
  }

  private has(ref: { sharename: string; fileid: string }): boolean {
    return !!this.shares.get(ref.sharename)?.files.some((f) => f.fileid === ref.fileid);
  }

  private updateFile(ref: { sharename: string; fileid: string }, fn: (f: GettFile) => GettFile) {
    const share = this.shares.get(ref.sharename);
    if (!share?.files.some((f) => f.fileid === ref.fileid)) return false;
    const files = share.files.map((f) => (f.fileid === ref.fileid ? fn(f) : f));
    this.shares.set(ref.sharename, { ...share, files });
    this.changed();
    return true;
  }

  private shareView(s: GettShare): ShareView {
    const key = this.options.keys?.get(s.sharename);
    // An encrypted share shows what its files really are, links that carry its key, and
    // not its manifests.
    const files = key
      ? s.files.filter((f) => !key.manifests.includes(f.fileid) && f.filename !== MANIFEST_NAME)
      : s.files;
    return {
      sharename: s.sharename,
      title: s.title ?? null,
      getturl: key ? keyedLink(s.getturl, key.fragment) : s.getturl,
      created: s.created,
      files: inDropOrder(files).map((f) => this.fileView(f, key)),
      ...(key ? { encrypted: true } : {}),
      ...(s.expires !== undefined ? { expires: s.expires } : {}),
      ...(s.maxdownloads !== undefined ? { maxdownloads: s.maxdownloads } : {}),
      ...(s.protected ? { protected: true } : {}),
      ...(this.isExpired(s) ? { expired: true } : {}),
    };
  }

  private fileView(f: GettFile, key?: ShareKey): FileView {
    const upload = this.options.uploads.view(f);
    const real = key?.files[f.fileid];
    if (key) {
      const view: FileView = {
        sharename: f.sharename,
        fileid: f.fileid,
        filename: real?.name ?? f.filename,
        size: real?.size ?? null,
        readystate: f.readystate,
        created: f.created,
        getturl: keyedLink(f.getturl, key.fragment),
        downloads: f.downloads,
        ...(upload ? { upload } : {}),
        ...(f.reason ? { removedReason: f.reason } : {}),
      };
      return view;
    }
    const view: FileView = {
      sharename: f.sharename,
      fileid: f.fileid,
      filename: f.filename,
      size: f.size ?? upload?.total ?? null,
      readystate: f.readystate,
      created: f.created,
      getturl: f.getturl,
      downloads: f.downloads,
      ...(upload ? { upload } : {}),
      ...(f.reason ? { removedReason: f.reason } : {}),
      ...(f.downloadsleft !== undefined ? { downloadsleft: f.downloadsleft } : {}),
      ...(f.readystate === 'uploaded' && IMAGE.test(f.filename)
        ? { thumbUrl: `${this.options.serverUrl}/1/files/${f.sharename}/${f.fileid}/blob/thumb` }
        : {}),
    };
    return view;
  }

  private changed(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.closed) this.options.onChange(this.views());
    });
  }
}
