/**
 * Opens this server's own tables (moderation events, download records) in a data dir's SQLite
 * file, beside the metadata store, through a connection of their own.
 */
import Database from 'better-sqlite3';
import { DownloadRecords } from '../live/records.js';
import { ModerationStore } from './store.js';

export function openModeration(dbFile: string): {
  store: ModerationStore;
  downloads: DownloadRecords;
  close(): void;
} {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return {
    store: new ModerationStore(db),
    downloads: new DownloadRecords(db),
    close: () => db.close(),
  };
}
