/**
 * Opens a gett:// link in the app: the share's files (or the one file a link names) are
 * downloaded into the Downloads folder with progress, one file at a time, streamed to disk.
 * A share that needs a password, or an encrypted one (its key rides in the link's fragment),
 * is shown on its page in the browser instead, which asks for the password or decrypts.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ShareSchema, type GettFile, type GettShare } from '../../shared/gett';
import { IpcError } from '../../shared/ipc';
import type { DownloadView } from '../../shared/model';
import type { ExternalShell } from '../shell';
import { parseGettLink, type GettLink } from './gettLink';

export interface LinkOpenerOptions {
  /** The Downloads folder (asked each time: the OS may move it). */
  downloadsDir: () => string;
  shell: ExternalShell;
  notify: {
    done(title: string, body: string): void;
  };
  /** Every change of the downloads list (throttled during a download). */
  changed: (downloads: readonly DownloadView[]) => void;
  fetch?: typeof fetch;
  /** The least time between two progress events of one download. */
  progressMs?: number;
}

export type OpenedLink =
  | { readonly kind: 'downloaded'; readonly paths: string[] }
  | { readonly kind: 'shown'; readonly url: string };

/** Finished and failed downloads kept in the list for the window. */
const KEPT = 20;

export class LinkOpener {
  private readonly downloads: DownloadView[] = [];
  private readonly fetch: typeof fetch;

  constructor(private readonly o: LinkOpenerOptions) {
    this.fetch = o.fetch ?? globalThis.fetch;
  }

  list(): readonly DownloadView[] {
    return this.downloads;
  }

  /** Opens `raw`; rejects with a message saying what happened and what to do. */
  async open(raw: string): Promise<OpenedLink> {
    let link: GettLink;
    try {
      link = parseGettLink(raw);
    } catch (err) {
      throw new IpcError((err as Error).message, 'invalidLink');
    }
    if (link.fragment) return this.show(`${link.httpUrl}#${link.fragment}`);
    const share = await this.readShare(link);
    if (share.protected) return this.show(link.httpUrl);
    const live = share.files.filter((f) => f.readystate !== 'removed');
    const files = link.fileid !== undefined ? live.filter((f) => f.fileid === link.fileid) : live;
    if (files.length === 0) {
      throw new IpcError(
        link.fileid !== undefined
          ? `The file ${link.fileid} of share ${link.sharename} is not there any more. Ask the sender for a new link.`
          : `The share ${link.sharename} has no files. Ask the sender whether the upload worked.`,
        'notFound',
      );
    }
    const dir =
      files.length === 1
        ? this.o.downloadsDir()
        : await uniqueDir(this.o.downloadsDir(), share.title || share.sharename);
    const paths: string[] = [];
    for (const f of files) paths.push(await this.download(link, f, dir));
    this.o.notify.done(
      paths.length === 1 ? 'Downloaded' : `Downloaded ${paths.length} files`,
      paths.length === 1 ? paths[0]! : dir,
    );
    return { kind: 'downloaded', paths };
  }

  private async show(url: string): Promise<OpenedLink> {
    await this.o.shell.openExternal(url);
    return { kind: 'shown', url };
  }

  private async readShare(link: GettLink): Promise<GettShare> {
    const res = await this.request(link, `${link.base}/1/shares/${link.sharename}`);
    const body: unknown = await res.json().catch(() => null);
    const share = ShareSchema.safeParse(body);
    if (!share.success) {
      throw new IpcError(
        `${new URL(link.base).host} did not answer like a Gett server. Check the link with its sender.`,
        'server',
      );
    }
    return share.data;
  }

  /** GETs `url`; a failure becomes a message naming the share. */
  private async request(link: GettLink, url: string): Promise<Response> {
    const host = new URL(link.base).host;
    let res: Response;
    try {
      res = await this.fetch(url, { redirect: 'follow' });
    } catch (err) {
      const why = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new IpcError(
        `Cannot reach ${host} (${why}). Check your network, or ask the sender whether their Gett Desktop is running.`,
        'serverUnreachable',
      );
    }
    if (res.ok) return res;
    const error = await res
      .json()
      .then((b: { error?: unknown }) => (typeof b.error === 'string' ? b.error : ''))
      .catch(() => '');
    await res.body?.cancel().catch(() => {});
    if (res.status === 404 || res.status === 410) {
      throw new IpcError(
        `The share ${link.sharename} is not on ${host} any more (it expired or was deleted). Ask the sender for a new link.`,
        'notFound',
      );
    }
    throw new IpcError(
      `${host} refused the download of share ${link.sharename} (${res.status}${error ? `: ${error}` : ''}). Try again later, or open the link in the browser.`,
      'server',
    );
  }

  private async download(link: GettLink, file: GettFile, dir: string): Promise<string> {
    const id = randomUUID();
    let view: DownloadView = {
      id,
      filename: file.filename,
      bytes: 0,
      total: file.size ?? null,
      phase: 'downloading',
    };
    this.put(view);
    let last = 0;
    const every = this.o.progressMs ?? 100;
    let target: string | null = null;
    try {
      const res = await this.request(
        link,
        `${link.base}/1/files/${link.sharename}/${file.fileid}/blob`,
      );
      const length = Number(res.headers.get('content-length'));
      if (view.total === null && Number.isFinite(length) && length > 0) {
        view = { ...view, total: length };
      }
      target = await uniqueFile(dir, file.filename);
      const part = `${target}.part`;
      let bytes = 0;
      const count = new Transform({
        transform: (chunk: Buffer, _enc, next) => {
          bytes += chunk.length;
          const now = Date.now();
          if (now - last >= every) {
            last = now;
            view = { ...view, bytes };
            this.put(view);
          }
          next(null, chunk);
        },
      });
      try {
        await pipeline(
          res.body ? Readable.fromWeb(res.body as WebReadableStream) : Readable.from([]),
          count,
          createWriteStream(part),
        );
      } catch (err) {
        await rm(part, { force: true });
        throw new IpcError(
          `The download of ${file.filename} broke off (${(err as Error).message}). Open the link again to retry.`,
          'serverUnreachable',
        );
      }
      await rename(part, target);
      view = { ...view, bytes, total: bytes, phase: 'finished', path: target };
      this.put(view);
      return target;
    } catch (err) {
      if (target) await rm(target, { force: true });
      const message = err instanceof Error ? err.message : String(err);
      this.put({ ...view, phase: 'failed', error: message });
      throw err;
    }
  }

  private put(view: DownloadView): void {
    const i = this.downloads.findIndex((d) => d.id === view.id);
    if (i >= 0) this.downloads[i] = view;
    else this.downloads.push(view);
    while (this.downloads.length > KEPT) {
      const old = this.downloads.findIndex((d) => d.phase !== 'downloading');
      if (old < 0) break;
      this.downloads.splice(old, 1);
    }
    this.o.changed([...this.downloads]);
  }
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A name safe on every desktop file system, keeping what a person would recognise. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let s = name.replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '');
  s = s.replace(/^\.+/, '');
  if (RESERVED.test(s)) s = `_${s}`;
  if (s.length > 200) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
    s = s.slice(0, 200 - ext.length) + ext;
  }
  return s || 'download';
}

/** "name.ext", else "name (1).ext", "name (2).ext"…: reserves the first free one. */
async function uniqueFile(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const safe = safeFileName(name);
  const dot = safe.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
  for (let n = 0; ; n++) {
    const path = join(dir, n === 0 ? safe : `${stem} (${n})${ext}`);
    try {
      await (await open(path, 'wx')).close();
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw err;
    }
  }
}

async function uniqueDir(parent: string, name: string): Promise<string> {
  await mkdir(parent, { recursive: true });
  const safe = safeFileName(name);
  for (let n = 0; ; n++) {
    const path = join(parent, n === 0 ? safe : `${safe} (${n})`);
    try {
      await mkdir(path);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw err;
    }
  }
}
