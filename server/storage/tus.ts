/**
 * Where tus uploads are remembered across restarts: one row per file with its upload id, the
 * blob receiving the bytes, the announced length and the offset confirmed to the client. The
 * table (`tus_uploads`, created by the migrations in schema.ts) lives in the metadata database
 * so a file's deletion removes its upload with it.
 */
import type Database from 'better-sqlite3';

export interface TusRecord {
  /** Random id in the upload URL; a new POST for the same file gets a new one. */
  readonly id: string;
  readonly sharename: string;
  readonly fileid: string;
  readonly blobKey: string;
  /** Upload-Length: the size of the whole file. */
  readonly length: number;
  /** Bytes confirmed on disk; the blob file's real size wins if it is shorter. */
  readonly offset: number;
  /** Unix seconds. */
  readonly created: number;
}

/** The persistence seam of the tus endpoint (synchronous, like MetadataStore). */
export interface TusStore {
  /** The file's current tus upload, if any. */
  get(sharename: string, fileid: string): TusRecord | undefined;
  /** Records a new upload for the file, replacing any older one. */
  put(record: TusRecord): void;
  setOffset(id: string, offset: number): void;
  /** Forgets the upload `id` (a no-op if a newer upload replaced it). */
  delete(id: string): void;
  /** Uploads still missing bytes (offset < length), to reopen after a restart. */
  unfinished(): TusRecord[];
}

interface Row {
  id: string;
  sharename: string;
  fileid: string;
  blob_key: string;
  upload_length: number;
  upload_offset: number;
  created: number;
}

const toRecord = (r: Row): TusRecord => ({
  id: r.id,
  sharename: r.sharename,
  fileid: r.fileid,
  blobKey: r.blob_key,
  length: r.upload_length,
  offset: r.upload_offset,
  created: r.created,
});

export class SqliteTusStore implements TusStore {
  constructor(private readonly db: Database.Database) {}

  get(sharename: string, fileid: string): TusRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM tus_uploads WHERE sharename = ? AND fileid = ?')
      .get(sharename, fileid) as Row | undefined;
    return row && toRecord(row);
  }

  put(r: TusRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO tus_uploads (id, sharename, fileid, blob_key, upload_length, upload_offset, created)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.sharename, r.fileid, r.blobKey, r.length, r.offset, r.created);
  }

  setOffset(id: string, offset: number): void {
    this.db.prepare('UPDATE tus_uploads SET upload_offset = ? WHERE id = ?').run(offset, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM tus_uploads WHERE id = ?').run(id);
  }

  unfinished(): TusRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM tus_uploads WHERE upload_offset < upload_length')
        .all() as Row[]
    ).map(toRecord);
  }
}
