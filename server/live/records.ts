/**
 * A record of every byte download (the signed blob link): when it started, and when it
 * completed or that it did not. Counters on files and users say how many downloads began;
 * this table says how many people actually got the whole file.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type Database from 'better-sqlite3';

export interface DownloadRecord {
  readonly sharename: string;
  readonly fileid: string;
  /** Unix milliseconds. */
  readonly started: number;
  /** Unix milliseconds, or null when the downloader left before the end. */
  readonly completed: number | null;
  readonly status: number;
}

const BLOB_PATH = /^\/(?:api\/)?1\/blobs\/([^/?]+)\/([^/?]+)\/[^?]*(\?.*)?$/;

export class DownloadRecords {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS download_records (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      sharename TEXT NOT NULL,
      fileid TEXT NOT NULL,
      started INTEGER NOT NULL,
      completed INTEGER,
      status INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS download_records_file ON download_records(sharename, fileid)`);
  }

  add(record: DownloadRecord): void {
    this.db
      .prepare(
        'INSERT INTO download_records (sharename, fileid, started, completed, status) VALUES (?, ?, ?, ?, ?)',
      )
      .run(record.sharename, record.fileid, record.started, record.completed, record.status);
  }

  forFile(sharename: string, fileid: string): DownloadRecord[] {
    return this.db
      .prepare(
        'SELECT sharename, fileid, started, completed, status FROM download_records WHERE sharename = ? AND fileid = ? ORDER BY id',
      )
      .all(sharename, fileid) as DownloadRecord[];
  }

  /**
   * Watches the HTTP server for byte downloads (GET of a signed blob link of the file itself,
   * not of a thumbnail) and records each that was answered with bytes.
   */
  watch(server: Server, onError: (err: unknown) => void): void {
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
          this.add({
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
}
