/**
 * Removal of files for breaking the terms, shared by the operator command and the running
 * server. Both reach the data dir's SQLite file (WAL) through the metadata store, so a removal
 * by `gett-server files remove` while `serve` runs lands in `moderation_events`, which the
 * server polls to delete the bytes and tell the owner's live connections.
 */
import type Database from 'better-sqlite3';

export interface ModerationEvent {
  readonly id: number;
  readonly sharename: string;
  readonly fileid: string;
  readonly ownerId: string;
  readonly filename: string;
  readonly reason: string;
  /** Blobs the file held; deleting them again is harmless. */
  readonly blobKeys: readonly string[];
}

interface EventRow {
  id: number;
  sharename: string;
  fileid: string;
  owner_id: string;
  filename: string;
  reason: string;
  blob_keys: string;
}

interface FileRow {
  owner_id: string;
  filename: string;
  readystate: string;
  blob_key: string | null;
  upload_key: string | null;
}

const toEvent = (r: EventRow): ModerationEvent => ({
  id: r.id,
  sharename: r.sharename,
  fileid: r.fileid,
  ownerId: r.owner_id,
  filename: r.filename,
  reason: r.reason,
  blobKeys: JSON.parse(r.blob_keys) as string[],
});

export type RemoveResult =
  | { readonly ok: true; readonly event: ModerationEvent }
  | { readonly ok: false; readonly error: 'fileNotFound' | 'alreadyRemoved' };

/** The persistence seam of moderation (synchronous, like MetadataStore). */
export interface ModerationStore {
  remove(sharename: string, fileid: string, reason: string): RemoveResult;
  eventsAfter(id: number): ModerationEvent[];
  lastEventId(): number;
}

/** `moderation_events` (created by the migrations in schema.ts) and the files it removes. */
export class SqliteModerationStore implements ModerationStore {
  constructor(private readonly db: Database.Database) {}

  remove(sharename: string, fileid: string, reason: string): RemoveResult {
    return this.db.transaction((): RemoveResult => {
      const row = this.db
        .prepare(
          'SELECT owner_id, filename, readystate, blob_key, upload_key FROM files WHERE sharename = ? AND fileid = ?',
        )
        .get(sharename, fileid) as FileRow | undefined;
      if (!row) return { ok: false, error: 'fileNotFound' };
      if (row.readystate === 'removed') return { ok: false, error: 'alreadyRemoved' };
      const keys = [row.blob_key, row.upload_key].filter((k): k is string => k !== null);
      this.db
        .prepare(
          `UPDATE files SET readystate = 'removed', reason = ?, blob_key = NULL, upload_key = NULL
           WHERE sharename = ? AND fileid = ?`,
        )
        .run(reason, sharename, fileid);
      const info = this.db
        .prepare(
          `INSERT INTO moderation_events (sharename, fileid, owner_id, filename, reason, blob_keys, created)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          sharename,
          fileid,
          row.owner_id,
          row.filename,
          reason,
          JSON.stringify(keys),
          Math.floor(Date.now() / 1000),
        );
      const event: ModerationEvent = {
        id: Number(info.lastInsertRowid),
        sharename,
        fileid,
        ownerId: row.owner_id,
        filename: row.filename,
        reason,
        blobKeys: keys,
      };
      return { ok: true, event };
    })();
  }

  eventsAfter(id: number): ModerationEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM moderation_events WHERE id > ? ORDER BY id LIMIT 1000')
      .all(id) as EventRow[];
    return rows.map(toEvent);
  }

  lastEventId(): number {
    const row = this.db.prepare('SELECT MAX(id) AS id FROM moderation_events').get() as {
      id: number | null;
    };
    return row.id ?? 0;
  }
}
