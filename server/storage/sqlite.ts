/** The embedded metadata store: SQLite in WAL mode, shared safely with the admin CLI. */
import Database from 'better-sqlite3';
import { randomId } from '../ids.js';
import {
  toApp,
  toFile,
  toShare,
  toUser,
  type AppRow,
  type FileRow,
  type ShareRow,
  type UserRow,
} from './rows.js';
import { SqliteDownloadRecords } from './downloads.js';
import { SqliteModerationStore } from './moderation.js';
import { migrate } from './schema.js';
import { SqliteTusStore } from './tus.js';
import type {
  MetadataStore,
  Page,
  RefreshTokenRecord,
  ShareOptions,
  WebSessionRecord,
} from './types.js';

const now = (): number => Math.floor(Date.now() / 1000);

export class SqliteMetadataStore implements MetadataStore {
  private readonly db: Database.Database;
  readonly tus: SqliteTusStore;
  readonly moderation: SqliteModerationStore;
  readonly downloads: SqliteDownloadRecords;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db);
    this.tus = new SqliteTusStore(this.db);
    this.moderation = new SqliteModerationStore(this.db);
    this.downloads = new SqliteDownloadRecords(this.db);
  }

  // Every query text is a constant of this file, so the cache stays as small as the file;
  // preparing each statement once saves its parse on every request.
  private readonly statements = new Map<string, Database.Statement>();
  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
  private one<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }
  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }
  private run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.statement(sql).run(...params);
  }

  createUser(input: {
    email: string;
    passwordHash: string;
    fullname: string;
    storageLimit: number;
  }) {
    const row: UserRow = {
      id: `u${randomId(30)}`,
      email: input.email,
      fullname: input.fullname,
      password_hash: input.passwordHash,
      storage_limit: input.storageLimit,
      created: now(),
    };
    this.run(
      'INSERT INTO users (id, email, fullname, password_hash, storage_limit, created) VALUES (@id, @email, @fullname, @password_hash, @storage_limit, @created)',
      row,
    );
    return toUser(row);
  }
  getUser(id: string) {
    const r = this.one<UserRow>('SELECT * FROM users WHERE id = ?', id);
    return r && toUser(r);
  }
  getUserByEmail(email: string) {
    const r = this.one<UserRow>('SELECT * FROM users WHERE email = ? COLLATE NOCASE', email);
    return r && toUser(r);
  }
  setPassword(userId: string, passwordHash: string) {
    this.run('UPDATE users SET password_hash = ? WHERE id = ?', passwordHash, userId);
  }
  storageUsed(userId: string) {
    const r = this.one<{ used: number | null }>(
      "SELECT SUM(size) AS used FROM files WHERE owner_id = ? AND readystate = 'uploaded'",
      userId,
    );
    return r?.used ?? 0;
  }
  userStats(userId: string) {
    const r = this.one<{ files: number; downloads: number | null }>(
      'SELECT COUNT(*) AS files, SUM(downloads) AS downloads FROM files WHERE owner_id = ?',
      userId,
    );
    return { files: r?.files ?? 0, downloads: r?.downloads ?? 0 };
  }

  createApp(input: { id?: string; name: string; ownerId: string | null; keyHash: string }) {
    const row: AppRow = {
      id: input.id ?? randomId(12).toLowerCase(),
      name: input.name,
      owner_id: input.ownerId,
      key_hash: input.keyHash,
      created: now(),
    };
    this.run(
      'INSERT INTO apps (id, name, owner_id, key_hash, created) VALUES (@id, @name, @owner_id, @key_hash, @created)',
      row,
    );
    return toApp(row);
  }
  getApp(id: string) {
    const r = this.one<AppRow>('SELECT * FROM apps WHERE id = ?', id);
    return r && toApp(r);
  }
  getAppByKeyHash(keyHash: string) {
    const r = this.one<AppRow>('SELECT * FROM apps WHERE key_hash = ?', keyHash);
    return r && toApp(r);
  }
  findApp(ownerId: string, name: string) {
    const r = this.one<AppRow>(
      'SELECT * FROM apps WHERE owner_id = ? AND name = ? ORDER BY created LIMIT 1',
      ownerId,
      name,
    );
    return r && toApp(r);
  }
  listApps(ownerId: string) {
    return this.all<AppRow>(
      'SELECT * FROM apps WHERE owner_id = ? ORDER BY created DESC, rowid DESC',
      ownerId,
    ).map(toApp);
  }
  setAppKey(appId: string, keyHash: string) {
    this.run('UPDATE apps SET key_hash = ? WHERE id = ?', keyHash, appId);
  }

  addRefreshToken(input: { id: string; appId: string; userId: string }) {
    this.run(
      'INSERT INTO refresh_tokens (id, app_id, user_id, created, last_used) VALUES (?, ?, ?, ?, ?)',
      input.id,
      input.appId,
      input.userId,
      now(),
      now(),
    );
  }
  getRefreshToken(id: string): RefreshTokenRecord | undefined {
    const r = this.one<{
      id: string;
      app_id: string;
      user_id: string;
      revoked: number;
      last_used: number;
    }>('SELECT * FROM refresh_tokens WHERE id = ?', id);
    return (
      r && {
        id: r.id,
        appId: r.app_id,
        userId: r.user_id,
        revoked: r.revoked !== 0,
        lastUsed: r.last_used,
      }
    );
  }
  revokeRefreshToken(id: string) {
    this.run('UPDATE refresh_tokens SET revoked = 1 WHERE id = ?', id);
  }
  touchRefreshToken(id: string) {
    this.run('UPDATE refresh_tokens SET last_used = ? WHERE id = ?', now(), id);
  }

  createWebSession(input: { id: string; userId: string; expires: number }) {
    const t = now();
    this.db.transaction(() => {
      this.run('DELETE FROM web_sessions WHERE expires <= ?', t);
      this.run(
        'INSERT INTO web_sessions (id, user_id, created, expires) VALUES (?, ?, ?, ?)',
        input.id,
        input.userId,
        t,
        input.expires,
      );
    })();
  }
  getWebSession(id: string): WebSessionRecord | undefined {
    const r = this.one<{ id: string; user_id: string; expires: number }>(
      'SELECT id, user_id, expires FROM web_sessions WHERE id = ?',
      id,
    );
    return r && { id: r.id, userId: r.user_id, expires: r.expires };
  }
  deleteWebSession(id: string) {
    this.run('DELETE FROM web_sessions WHERE id = ?', id);
  }
  revokeAllSessions(userId: string) {
    // One second past now: a token issued earlier in this very second is refused too, and
    // tokens issued from here on carry at least this time (see Tokens.issueAccess).
    const validAfter = now() + 1;
    this.db.transaction(() => {
      this.run('UPDATE refresh_tokens SET revoked = 1 WHERE user_id = ?', userId);
      this.run('DELETE FROM web_sessions WHERE user_id = ?', userId);
      this.run('UPDATE users SET tokens_valid_after = ? WHERE id = ?', validAfter, userId);
    })();
    return validAfter;
  }

  createShare(input: { name: string; ownerId: string; title: string | null } & ShareOptions) {
    const row: ShareRow = {
      name: input.name,
      owner_id: input.ownerId,
      title: input.title,
      created: now(),
      removed: 0,
      expires: input.expires ?? null,
      max_downloads: input.maxDownloads ?? null,
      password_hash: input.passwordHash ?? null,
    };
    this.run(
      `INSERT INTO shares (name, owner_id, title, created, removed, expires, max_downloads, password_hash)
       VALUES (@name, @owner_id, @title, @created, @removed, @expires, @max_downloads, @password_hash)`,
      row,
    );
    return toShare(row);
  }
  getShare(name: string) {
    const r = this.one<ShareRow>('SELECT * FROM shares WHERE name = ?', name);
    return r && toShare(r);
  }
  listShares(ownerId: string, page: Page = {}) {
    return this.all<ShareRow>(
      'SELECT * FROM shares WHERE owner_id = ? AND removed = 0 AND (expires IS NULL OR expires > ?) ORDER BY created DESC, rowid DESC LIMIT ? OFFSET ?',
      ownerId,
      Date.now() / 1000,
      page.limit ?? -1,
      page.skip ?? 0,
    ).map(toShare);
  }
  setShareTitle(name: string, title: string | null) {
    this.run('UPDATE shares SET title = ? WHERE name = ?', title, name);
  }
  setShareOptions(name: string, options: ShareOptions) {
    this.db.transaction(() => {
      if (options.expires !== undefined)
        this.run('UPDATE shares SET expires = ? WHERE name = ?', options.expires, name);
      if (options.maxDownloads !== undefined)
        this.run('UPDATE shares SET max_downloads = ? WHERE name = ?', options.maxDownloads, name);
      if (options.passwordHash !== undefined)
        this.run('UPDATE shares SET password_hash = ? WHERE name = ?', options.passwordHash, name);
    })();
  }
  expiredShares(at: number, limit: number) {
    return this.all<{ name: string }>(
      'SELECT name FROM shares WHERE expires IS NOT NULL AND removed = 0 AND expires <= ? ORDER BY expires LIMIT ?',
      at,
      limit,
    ).map((r) => r.name);
  }
  removeShare(name: string) {
    return this.db.transaction(() => {
      const keys = this.blobKeysOf(
        'SELECT blob_key, upload_key FROM files WHERE sharename = ?',
        name,
      );
      this.run('DELETE FROM files WHERE sharename = ?', name);
      this.run('UPDATE shares SET removed = 1 WHERE name = ?', name);
      return keys;
    })();
  }

  createFile(input: {
    sharename: string;
    ownerId: string;
    filename: string;
    session: string | null;
  }) {
    const { filename, ...rest } = input;
    return this.createFiles({ ...rest, filenames: [filename] })[0]!;
  }
  createFiles(input: {
    sharename: string;
    ownerId: string;
    filenames: readonly string[];
    session: string | null;
  }) {
    return this.db.transaction(() => {
      const share = this.one<{ next_file_id: number }>(
        'SELECT next_file_id FROM shares WHERE name = ?',
        input.sharename,
      );
      if (!share) throw new Error(`no share ${input.sharename}`);
      this.run(
        'UPDATE shares SET next_file_id = next_file_id + ? WHERE name = ?',
        input.filenames.length,
        input.sharename,
      );
      const created = now();
      return input.filenames.map((filename, i) => {
        const row: FileRow = {
          sharename: input.sharename,
          fileid: String(share.next_file_id + i),
          owner_id: input.ownerId,
          filename,
          created,
          readystate: 'remote',
          size: null,
          downloads: 0,
          blob_key: null,
          upload_key: null,
          session: input.session,
          reason: null,
        };
        this.run(
          `INSERT INTO files (sharename, fileid, owner_id, filename, created, readystate, size, downloads, blob_key, upload_key, session, reason)
           VALUES (@sharename, @fileid, @owner_id, @filename, @created, @readystate, @size, @downloads, @blob_key, @upload_key, @session, @reason)`,
          row,
        );
        return toFile(row);
      });
    })();
  }
  getFile(sharename: string, fileid: string) {
    // A file of an expired share is gone at once, before the sweeper deletes it.
    const r = this.one<FileRow>(
      `SELECT f.* FROM files f JOIN shares s ON s.name = f.sharename
       WHERE f.sharename = ? AND f.fileid = ? AND (s.expires IS NULL OR s.expires > ?)`,
      sharename,
      fileid,
      Date.now() / 1000,
    );
    return r && toFile(r);
  }
  listFiles(sharename: string) {
    return this.all<FileRow>(
      'SELECT * FROM files WHERE sharename = ? ORDER BY rowid DESC',
      sharename,
    ).map(toFile);
  }
  listFilesInDropOrder(sharename: string, page: Page) {
    // Ids are numbered as files are created, so creation time then rowid is the drop order.
    return this.all<FileRow>(
      'SELECT * FROM files WHERE sharename = ? ORDER BY created, rowid LIMIT ? OFFSET ?',
      sharename,
      page.limit ?? -1,
      page.skip ?? 0,
    ).map(toFile);
  }
  fileTotals(sharename: string) {
    const r = this.one<{ files: number; bytes: number | null }>(
      "SELECT COUNT(*) AS files, SUM(CASE WHEN readystate = 'removed' THEN 0 ELSE size END) AS bytes FROM files WHERE sharename = ?",
      sharename,
    );
    return { files: r?.files ?? 0, bytes: r?.bytes ?? 0 };
  }
  removeFile(sharename: string, fileid: string) {
    return this.db.transaction(() => {
      const keys = this.blobKeysOf(
        'SELECT blob_key, upload_key FROM files WHERE sharename = ? AND fileid = ?',
        sharename,
        fileid,
      );
      this.run('DELETE FROM files WHERE sharename = ? AND fileid = ?', sharename, fileid);
      return keys;
    })();
  }
  startUpload(sharename: string, fileid: string, key: string, size: number | null) {
    this.run(
      `UPDATE files SET upload_key = ?,
         readystate = CASE WHEN readystate = 'remote' THEN 'uploading' ELSE readystate END,
         size = CASE WHEN readystate = 'uploaded' THEN size ELSE ? END
       WHERE sharename = ? AND fileid = ?`,
      key,
      size,
      sharename,
      fileid,
    );
    const file = this.rawFile(sharename, fileid);
    if (!file) throw new Error(`no file ${sharename}/${fileid}`);
    return file;
  }
  finishUpload(sharename: string, fileid: string, key: string, size: number) {
    return this.db.transaction(() => {
      const file = this.rawFile(sharename, fileid);
      if (file?.uploadKey !== key) return undefined;
      this.run(
        `UPDATE files SET blob_key = ?, upload_key = NULL, readystate = 'uploaded', size = ?
         WHERE sharename = ? AND fileid = ?`,
        key,
        size,
        sharename,
        fileid,
      );
      return { replaced: file.blobKey };
    })();
  }
  abortUpload(sharename: string, fileid: string, key: string) {
    this.run(
      `UPDATE files SET upload_key = NULL,
         readystate = CASE WHEN blob_key IS NULL THEN 'remote' ELSE 'uploaded' END,
         size = CASE WHEN blob_key IS NULL THEN NULL ELSE size END
       WHERE sharename = ? AND fileid = ? AND upload_key = ?`,
      sharename,
      fileid,
      key,
    );
  }
  incrementDownloads(sharename: string, fileid: string) {
    this.run(
      'UPDATE files SET downloads = downloads + 1 WHERE sharename = ? AND fileid = ?',
      sharename,
      fileid,
    );
  }

  consumeDownload(sharename: string, fileid: string, limit: number) {
    return (
      this.run(
        'UPDATE files SET downloads = downloads + 1 WHERE sharename = ? AND fileid = ? AND downloads < ?',
        sharename,
        fileid,
        limit,
      ).changes > 0
    );
  }

  resetInterruptedUploads() {
    // Resumable (tus) uploads keep their blob and state: their client continues them.
    const interrupted = `upload_key IS NOT NULL
      AND upload_key NOT IN (SELECT blob_key FROM tus_uploads WHERE upload_offset < upload_length)`;
    return this.db.transaction(() => {
      const keys = this.all<{ upload_key: string }>(
        `SELECT upload_key FROM files WHERE ${interrupted}`,
      ).map((r) => r.upload_key);
      this.run(
        `UPDATE files SET upload_key = NULL,
           readystate = CASE WHEN blob_key IS NULL THEN 'remote' ELSE 'uploaded' END,
           size = CASE WHEN blob_key IS NULL THEN NULL ELSE size END
         WHERE ${interrupted}`,
      );
      return keys;
    })();
  }
  referencedBlobKeys() {
    const keys = new Set<string>();
    for (const r of this.all<{ blob_key: string | null; upload_key: string | null }>(
      'SELECT blob_key, upload_key FROM files WHERE blob_key IS NOT NULL OR upload_key IS NOT NULL',
    )) {
      if (r.blob_key) keys.add(r.blob_key);
      if (r.upload_key) keys.add(r.upload_key);
    }
    return keys;
  }
  close() {
    this.db.close();
  }

  /** The file whether or not its share has expired (for the upload bookkeeping). */
  private rawFile(sharename: string, fileid: string) {
    const r = this.one<FileRow>(
      'SELECT * FROM files WHERE sharename = ? AND fileid = ?',
      sharename,
      fileid,
    );
    return r && toFile(r);
  }

  private blobKeysOf(sql: string, ...params: unknown[]): string[] {
    const keys: string[] = [];
    for (const r of this.all<{ blob_key: string | null; upload_key: string | null }>(
      sql,
      ...params,
    )) {
      if (r.blob_key) keys.push(r.blob_key);
      if (r.upload_key) keys.push(r.upload_key);
    }
    return keys;
  }
}
