/**
 * Fills `download_records` (storage/downloads.ts): every byte download (the signed blob link),
 * when it started, and when it completed or that it did not.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DownloadRecordStore } from '../storage/downloads.js';

const BLOB_PATH = /^\/(?:api\/)?1\/blobs\/([^/?]+)\/([^/?]+)\/[^?]*(\?.*)?$/;

/**
 * Watches the HTTP server for byte downloads (GET of a signed blob link of the file itself,
 * not of a thumbnail) and records each that was answered with bytes.
 */
export function recordDownloads(
  server: Server,
  records: DownloadRecordStore,
  onError: (err: unknown) => void,
): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') return;
    const match = BLOB_PATH.exec(req.url ?? '');
    if (!match || new URLSearchParams(match[3] ?? '').has('variant')) return;
    const started = Date.now();
    let finished = false;
    res.once('finish', () => (finished = true));
    res.once('close', () => {
      if (res.statusCode !== 200 && res.statusCode !== 206) return;
      try {
        records.add({
          sharename: decodeURIComponent(match[1] ?? ''),
          fileid: decodeURIComponent(match[2] ?? ''),
          started,
          completed: finished ? Date.now() : null,
          status: res.statusCode,
        });
      } catch (err) {
        onError(err);
      }
    });
  });
}
