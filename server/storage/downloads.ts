/**
 * A record of every byte download (the signed blob link): when it started, and when it
 * completed or that it did not. Counters on files and users say how many downloads began;
 * this table says how many people actually got the whole file. `live/records.ts` fills it.
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

/** The persistence seam of download records (synchronous, like MetadataStore). */
export interface DownloadRecordStore {
  add(record: DownloadRecord): void;
  /** The file's downloads, oldest first. */
  forFile(sharename: string, fileid: string): DownloadRecord[];
}

/** `download_records` (created by the migrations in schema.ts). */
export class SqliteDownloadRecords implements DownloadRecordStore {
  private readonly insert: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO download_records (sharename, fileid, started, completed, status) VALUES (?, ?, ?, ?, ?)',
    );
  }

  add(record: DownloadRecord): void {
    this.insert.run(
      record.sharename,
      record.fileid,
      record.started,
      record.completed,
      record.status,
    );
  }

  forFile(sharename: string, fileid: string): DownloadRecord[] {
    return this.db
      .prepare(
        'SELECT sharename, fileid, started, completed, status FROM download_records WHERE sharename = ? AND fileid = ? ORDER BY id',
      )
      .all(sharename, fileid) as DownloadRecord[];
  }
}
