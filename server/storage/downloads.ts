/**
 * A record of every byte download (the signed blob link): when it started, and when it
 * completed or that it did not. Counters on files and users say how many downloads began;
 * this table says how many people actually got the whole file. `live/records.ts` fills it,
 * one row per download (its Range requests fold into it); rows older than RECORD_DAYS go, and
 * only the newest MAX_RECORDS are kept.
 */
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

/** Rows kept at most (the newest); about 10 MB of SQLite. */
export const MAX_RECORDS = 100_000;
/** Days a row is kept. */
export const RECORD_DAYS = 90;
/** Rows added between two prunes. */
const PRUNE_EVERY = 1000;

/** The persistence seam of download records (synchronous, like MetadataStore). */
export interface DownloadRecordStore {
  /** Adds a row and returns its id; every 1,000 rows, `prune` runs. */
  add(record: DownloadRecord): number;
  /** Marks the row's download completed at `at` (unix ms). */
  complete(id: number, at: number): void;
  /** Deletes rows older than RECORD_DAYS and all but the newest MAX_RECORDS. */
  prune(now?: number): void;
  /** The file's downloads, oldest first. */
  forFile(sharename: string, fileid: string): DownloadRecord[];
}

/** `download_records` (created by the migrations in schema.ts). */
export class SqliteDownloadRecords implements DownloadRecordStore {
  private readonly insert: Database.Statement;
  private added = 0;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO download_records (sharename, fileid, started, completed, status) VALUES (?, ?, ?, ?, ?)',
    );
  }

  add(record: DownloadRecord): number {
    const { lastInsertRowid } = this.insert.run(
      record.sharename,
      record.fileid,
      record.started,
      record.completed,
      record.status,
    );
    if (++this.added % PRUNE_EVERY === 0) this.prune();
    return Number(lastInsertRowid);
  }

  complete(id: number, at: number): void {
    this.db.prepare('UPDATE download_records SET completed = ? WHERE id = ?').run(at, id);
  }

  prune(now = Date.now()): void {
    this.db
      .prepare('DELETE FROM download_records WHERE started < ?')
      .run(now - RECORD_DAYS * 86_400_000);
    this.db
      .prepare(
        'DELETE FROM download_records WHERE id <= (SELECT id FROM download_records ORDER BY id DESC LIMIT 1 OFFSET ?)',
      )
      .run(MAX_RECORDS);
  }

  forFile(sharename: string, fileid: string): DownloadRecord[] {
    return this.db
      .prepare(
        'SELECT sharename, fileid, started, completed, status FROM download_records WHERE sharename = ? AND fileid = ? ORDER BY id',
      )
      .all(sharename, fileid) as DownloadRecord[];
  }
}
