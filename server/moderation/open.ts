/** Opens the moderation tables in a data dir's SQLite file, beside the metadata store. */
import Database from 'better-sqlite3';
import { ModerationStore } from './store.js';

export function openModeration(dbFile: string): { store: ModerationStore; close(): void } {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return { store: new ModerationStore(db), close: () => db.close() };
}
