/**
 * Every table is made by the versioned migrations, and data dirs written by servers that made
 * the tus, moderation and download tables on their own (schema version 2) open with their rows.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { openDataDir, type DataDir } from '../data.js';
import { tempDir } from '../test/harness.js';
import { migrate, migrations } from './schema.js';

const tables = (db: Database.Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

// What the stores' constructors ran on every open before the tables were migrations,
// copied as they were: an old data dir holds exactly these.
const OLD_TUS = `CREATE TABLE IF NOT EXISTS tus_uploads (
   id TEXT PRIMARY KEY,
   sharename TEXT NOT NULL,
   fileid TEXT NOT NULL,
   blob_key TEXT NOT NULL UNIQUE,
   upload_length INTEGER NOT NULL,
   upload_offset INTEGER NOT NULL,
   created INTEGER NOT NULL,
   UNIQUE (sharename, fileid),
   FOREIGN KEY (sharename, fileid) REFERENCES files(sharename, fileid) ON DELETE CASCADE
 )`;
const OLD_MODERATION_AND_DOWNLOADS = `CREATE TABLE IF NOT EXISTS moderation_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sharename TEXT NOT NULL,
  fileid TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  reason TEXT NOT NULL,
  blob_keys TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS download_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sharename TEXT NOT NULL,
  fileid TEXT NOT NULL,
  started INTEGER NOT NULL,
  completed INTEGER,
  status INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS download_records_file ON download_records(sharename, fileid)`;

/** A version-2 data dir as the earlier server left it: one file with a running tus upload. */
function oldDataDir(opts: { live: boolean }): string {
  const dir = tempDir('gett-schema-');
  const db = new Database(path.join(dir, 'gett.sqlite'));
  db.pragma('journal_mode = WAL');
  for (const sql of migrations.slice(0, 2)) db.exec(sql);
  db.pragma('user_version = 2');
  db.exec(OLD_TUS);
  if (opts.live) db.exec(OLD_MODERATION_AND_DOWNLOADS);
  db.exec(`
    INSERT INTO users (id, email, fullname, password_hash, storage_limit, created)
      VALUES ('u1', 'ann@example.com', 'Ann', 'x', 2000000000, 1);
    INSERT INTO shares (name, owner_id, created) VALUES ('s1', 'u1', 1);
    INSERT INTO files (sharename, fileid, owner_id, filename, created, readystate, upload_key)
      VALUES ('s1', '0', 'u1', 'a.bin', 1, 'uploading', 'k1');
    INSERT INTO tus_uploads VALUES ('t1', 's1', '0', 'k1', 10, 4, 1);`);
  if (opts.live) {
    db.exec(`
      INSERT INTO moderation_events (sharename, fileid, owner_id, filename, reason, blob_keys, created)
        VALUES ('s1', '9', 'u1', 'bad.bin', 'malware', '[]', 1);
      INSERT INTO download_records (sharename, fileid, started, completed, status)
        VALUES ('s1', '0', 1000, 2000, 200);`);
  }
  db.close();
  return dir;
}

let data: DataDir | undefined;
afterEach(() => {
  data?.meta.close();
  data = undefined;
});

describe('schema migrations', () => {
  test('a new database gets every table from the migrations alone', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['tus_uploads', 'moderation_events', 'download_records']),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  test('an old data dir opens and keeps its uploads, removals and download records', () => {
    const dir = oldDataDir({ live: true });
    data = openDataDir(dir);
    expect(data.meta.tus.get('s1', '0')).toMatchObject({ id: 't1', offset: 4, length: 10 });
    expect(data.meta.moderation.lastEventId()).toBe(1);
    expect(data.meta.moderation.eventsAfter(0)).toEqual([
      expect.objectContaining({ fileid: '9', reason: 'malware' }),
    ]);
    expect(data.meta.downloads.forFile('s1', '0')).toEqual([
      { sharename: 's1', fileid: '0', started: 1000, completed: 2000, status: 200 },
    ]);
    // New rows go on after the old ones.
    data.meta.downloads.add({
      sharename: 's1',
      fileid: '0',
      started: 3000,
      completed: null,
      status: 206,
    });
    expect(data.meta.downloads.forFile('s1', '0')).toHaveLength(2);
    data.meta.close();
    data = undefined;

    const db = new Database(path.join(dir, 'gett.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  test('an old data dir that never ran the live API gets its tables on upgrade', () => {
    const dir = oldDataDir({ live: false });
    data = openDataDir(dir);
    expect(data.meta.tus.get('s1', '0')).toMatchObject({ id: 't1' });
    expect(data.meta.moderation.lastEventId()).toBe(0);
    data.meta.downloads.add({
      sharename: 's1',
      fileid: '0',
      started: 1,
      completed: 2,
      status: 200,
    });
    expect(data.meta.downloads.forFile('s1', '0')).toHaveLength(1);
    // Deleting the file still takes its tus upload with it (the old table's foreign key).
    data.meta.removeFile('s1', '0');
    expect(data.meta.tus.get('s1', '0')).toBeUndefined();
  });
});
