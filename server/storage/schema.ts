/** SQLite schema, versioned with `user_version` so older data dirs upgrade in place. */
import type Database from 'better-sqlite3';

export const migrations: readonly string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE COLLATE NOCASE,
     fullname TEXT NOT NULL,
     password_hash TEXT NOT NULL,
     storage_limit INTEGER NOT NULL,
     created INTEGER NOT NULL
   );
   CREATE TABLE apps (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     owner_id TEXT REFERENCES users(id),
     key_hash TEXT NOT NULL UNIQUE,
     created INTEGER NOT NULL
   );
   CREATE INDEX apps_owner ON apps(owner_id);
   CREATE TABLE refresh_tokens (
     id TEXT PRIMARY KEY,
     app_id TEXT NOT NULL,
     user_id TEXT NOT NULL REFERENCES users(id),
     created INTEGER NOT NULL,
     revoked INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE shares (
     name TEXT PRIMARY KEY,
     owner_id TEXT NOT NULL REFERENCES users(id),
     title TEXT,
     created INTEGER NOT NULL,
     removed INTEGER NOT NULL DEFAULT 0,
     next_file_id INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX shares_owner ON shares(owner_id, created);
   CREATE TABLE files (
     sharename TEXT NOT NULL REFERENCES shares(name),
     fileid TEXT NOT NULL,
     owner_id TEXT NOT NULL REFERENCES users(id),
     filename TEXT NOT NULL,
     created INTEGER NOT NULL,
     readystate TEXT NOT NULL,
     size INTEGER,
     downloads INTEGER NOT NULL DEFAULT 0,
     blob_key TEXT,
     upload_key TEXT,
     session TEXT,
     reason TEXT,
     PRIMARY KEY (sharename, fileid)
   );
   CREATE INDEX files_owner ON files(owner_id, readystate);`,
  // Revocation: access tokens issued before `tokens_valid_after` are refused (sign-out
  // everywhere), refresh tokens unused for too long expire, web sessions live server-side.
  `ALTER TABLE users ADD COLUMN tokens_valid_after INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE refresh_tokens ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;
   -- Uses were not recorded before: existing tokens get a full idle period from the upgrade.
   UPDATE refresh_tokens SET last_used = CAST(strftime('%s', 'now') AS INTEGER);
   CREATE INDEX refresh_tokens_user ON refresh_tokens(user_id);
   CREATE TABLE web_sessions (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id),
     created INTEGER NOT NULL,
     expires INTEGER NOT NULL
   );
   CREATE INDEX web_sessions_user ON web_sessions(user_id);`,
  // Tables of the tus endpoint, moderation and the live API. Servers before this version made
  // them when they first opened a data dir, with this very DDL; IF NOT EXISTS keeps their rows.
  `CREATE TABLE IF NOT EXISTS tus_uploads (
     id TEXT PRIMARY KEY,
     sharename TEXT NOT NULL,
     fileid TEXT NOT NULL,
     blob_key TEXT NOT NULL UNIQUE,
     upload_length INTEGER NOT NULL,
     upload_offset INTEGER NOT NULL,
     created INTEGER NOT NULL,
     UNIQUE (sharename, fileid),
     FOREIGN KEY (sharename, fileid) REFERENCES files(sharename, fileid) ON DELETE CASCADE
   );
   CREATE TABLE IF NOT EXISTS moderation_events (
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
   CREATE INDEX IF NOT EXISTS download_records_file ON download_records(sharename, fileid);`,
  // Links that end: an expiry time, a download limit per file and a password (its scrypt
  // hash) per share, all optional; shares made before this version have none of them.
  `ALTER TABLE shares ADD COLUMN expires INTEGER;
   ALTER TABLE shares ADD COLUMN max_downloads INTEGER;
   ALTER TABLE shares ADD COLUMN password_hash TEXT;
   CREATE INDEX shares_expiring ON shares(expires) WHERE expires IS NOT NULL AND removed = 0;`,
];

export function migrate(db: Database.Database): void {
  // IMMEDIATE: a second process opening a fresh data dir waits instead of migrating twice.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < migrations.length; v++) db.exec(migrations[v] ?? '');
    if (version < migrations.length) db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
