/**
 * Fills `download_records` (storage/downloads.ts): every byte download (the signed blob link),
 * when it started, and when it completed or that it did not. The Range requests of one
 * download are one row: the same signed link from the same address, as download managers and
 * players send Range after Range, completed once its finished ranges add up to the file.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DownloadRecord, DownloadRecordStore } from '../storage/downloads.js';

const BLOB_PATH = /^\/(?:api\/)?1\/blobs\/([^/?]+)\/([^/?]+)\/[^?]*(\?.*)?$/;

/** Downloads remembered as running (to fold their later requests into one row). */
const OPEN_DOWNLOADS = 10_000;
/** A download with no request for this long is over: the next request starts a new one. */
const OPEN_MS = 60 * 60 * 1000;

interface OpenDownload {
  readonly id: number;
  /** Bytes of the file sent by responses that finished. */
  delivered: number;
  completed: boolean;
  last: number;
}

export interface RecordOptions {
  /** The downloader's address is the first of X-Forwarded-For. */
  readonly trustProxy?: boolean;
  /** The file's size, to tell when Range requests have added up to all of it. */
  readonly sizeOf?: (sharename: string, fileid: string) => number | null;
}

/**
 * Watches the HTTP server for byte downloads (GET of a signed blob link of the file itself,
 * not of a thumbnail) and records each download answered with bytes. Prunes at once.
 */
export function recordDownloads(
  server: Server,
  records: DownloadRecordStore,
  onError: (err: unknown) => void,
  opts: RecordOptions = {},
): void {
  try {
    records.prune();
  } catch (err) {
    onError(err);
  }
  const open = new Map<string, OpenDownload>();

  /**
   * One response ended. A request without Range starts a download (a row); a Range request
   * belongs to the download running for its key, and only marks that row completed.
   */
  const responded = (
    key: string,
    record: Omit<DownloadRecord, 'completed'>,
    sent: { ranged: boolean; finished: boolean; bytes: number; size: number },
  ): void => {
    const now = Date.now();
    let download = open.get(key);
    open.delete(key);
    if (download && (!sent.ranged || now - download.last > OPEN_MS)) download = undefined;
    const bytes = sent.finished ? sent.bytes : 0;
    if (!download) {
      const done = sent.finished && bytes >= sent.size;
      const id = records.add({ ...record, completed: done ? now : null });
      download = { id, delivered: bytes, completed: done, last: now };
    } else {
      download.last = now;
      download.delivered += bytes;
      if (!download.completed && sent.finished && download.delivered >= sent.size) {
        download.completed = true;
        records.complete(download.id, now);
      }
    }
    // Most recently used last: the first key is the one to forget.
    open.set(key, download);
    if (open.size > OPEN_DOWNLOADS) {
      const oldest = open.keys().next().value;
      if (oldest !== undefined) open.delete(oldest);
    }
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') return;
    const match = BLOB_PATH.exec(req.url ?? '');
    const query = new URLSearchParams(match?.[3] ?? '');
    if (!match || query.has('variant')) return;
    const started = Date.now();
    let finished = false;
    res.once('finish', () => (finished = true));
    res.once('close', () => {
      if (res.statusCode !== 200 && res.statusCode !== 206) return;
      try {
        const sharename = decodeURIComponent(match[1] ?? '');
        const fileid = decodeURIComponent(match[2] ?? '');
        const forwarded = opts.trustProxy
          ? String(req.headers['x-forwarded-for'] ?? '')
              .split(',')[0]
              ?.trim()
          : undefined;
        const address = forwarded || req.socket.remoteAddress || '';
        const key = JSON.stringify([sharename, fileid, query.get('sig'), address]);
        const size = opts.sizeOf?.(sharename, fileid) ?? null;
        responded(
          key,
          { sharename, fileid, started, status: res.statusCode },
          {
            ranged: req.headers.range !== undefined,
            finished,
            bytes: sentOf(req, res.statusCode, size),
            size: size ?? 0,
          },
        );
      } catch (err) {
        onError(err);
      }
    });
  });
}

/**
 * Bytes of the file a finished response carried, from the request's Range (node:http keeps
 * headers sent with writeHead out of reach) and the file's size: a 200 is the whole file.
 */
function sentOf(req: IncomingMessage, status: number, size: number | null): number {
  if (status === 200 || size === null) return Infinity;
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? '').trim());
  if (!m || (m[1] === '' && m[2] === '')) return 0;
  if (m[1] === '') return Math.min(size, Number(m[2]));
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  return Math.max(0, end - start + 1);
}
