/**
 * Storage seams of the server. The metadata store is synchronous on purpose: the embedded
 * default is SQLite through better-sqlite3, where synchronous calls are the fast path, and
 * route code stays free of interleaving between a check and the write that depends on it.
 */
import type { Readable, Writable } from 'node:stream';
import type { ReadyState } from '../../shared/gett.js';
import type { DownloadRecordStore } from './downloads.js';
import type { ModerationStore } from './moderation.js';
import type { TusStore } from './tus.js';

export interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly fullname: string;
  readonly passwordHash: string;
  /** Bytes this user may store in uploaded files. */
  readonly storageLimit: number;
  readonly created: number;
  /** Unix seconds: access tokens issued before this are refused (sign-out everywhere). */
  readonly tokensValidAfter: number;
}

export interface AppRecord {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string | null;
  /** SHA-256 of the API key; the key itself is shown once and never stored. */
  readonly keyHash: string;
  readonly created: number;
}

export interface RefreshTokenRecord {
  readonly id: string;
  readonly appId: string;
  readonly userId: string;
  readonly revoked: boolean;
  /** Unix seconds of its last use (or issue). */
  readonly lastUsed: number;
}

export interface WebSessionRecord {
  readonly id: string;
  readonly userId: string;
  /** Unix seconds. */
  readonly expires: number;
}

export interface ShareRecord {
  readonly name: string;
  readonly ownerId: string;
  readonly title: string | null;
  /** Unix seconds. */
  readonly created: number;
  readonly removed: boolean;
  /** Unix seconds after which the share reads as removed; null: never. */
  readonly expires: number | null;
  /** Counted downloads each file allows; null: no limit. */
  readonly maxDownloads: number | null;
  /** scrypt hash of the share's password; null: not protected. */
  readonly passwordHash: string | null;
}

/** Optional limits of a share; on update, an absent key keeps the current value. */
export interface ShareOptions {
  readonly expires?: number | null;
  readonly maxDownloads?: number | null;
  readonly passwordHash?: string | null;
}

export interface FileRecord {
  readonly sharename: string;
  readonly fileid: string;
  readonly ownerId: string;
  /** Display name only; never part of a filesystem path. */
  readonly filename: string;
  /** Unix seconds. */
  readonly created: number;
  readonly readystate: ReadyState;
  /** Final size once uploaded; the announced size while uploading, if the uploader sent one. */
  readonly size: number | null;
  readonly downloads: number;
  /** Blob holding the complete content, if any. */
  readonly blobKey: string | null;
  /** Blob being written by the running upload, if any. */
  readonly uploadKey: string | null;
  /** Live session the file was created with (Live API `session`). */
  readonly session: string | null;
  /** Why a `removed` file was removed. */
  readonly reason: string | null;
}

export interface Page {
  readonly skip?: number;
  readonly limit?: number;
}

/** Users, apps, tokens, shares, files, download counters and storage accounting. */
export interface MetadataStore {
  createUser(input: {
    email: string;
    passwordHash: string;
    fullname: string;
    storageLimit: number;
  }): UserRecord;
  getUser(id: string): UserRecord | undefined;
  getUserByEmail(email: string): UserRecord | undefined;
  setPassword(userId: string, passwordHash: string): void;
  /** Sum of the sizes of the user's uploaded files. */
  storageUsed(userId: string): number;
  userStats(userId: string): { files: number; downloads: number };

  createApp(input: {
    id?: string;
    name: string;
    ownerId: string | null;
    keyHash: string;
  }): AppRecord;
  getApp(id: string): AppRecord | undefined;
  getAppByKeyHash(keyHash: string): AppRecord | undefined;
  findApp(ownerId: string, name: string): AppRecord | undefined;
  listApps(ownerId: string): AppRecord[];
  setAppKey(appId: string, keyHash: string): void;

  addRefreshToken(input: { id: string; appId: string; userId: string }): void;
  getRefreshToken(id: string): RefreshTokenRecord | undefined;
  revokeRefreshToken(id: string): void;
  /** Records a use of the refresh token now (its idle time starts again). */
  touchRefreshToken(id: string): void;

  /** Web sessions; creating one also forgets the expired ones. */
  createWebSession(input: { id: string; userId: string; expires: number }): void;
  getWebSession(id: string): WebSessionRecord | undefined;
  deleteWebSession(id: string): void;
  /**
   * Signs the user out everywhere: every refresh token revoked, every web session ended, and
   * access tokens issued up to now refused. Returns the new `tokensValidAfter`.
   */
  revokeAllSessions(userId: string): number;

  createShare(
    input: { name: string; ownerId: string; title: string | null } & ShareOptions,
  ): ShareRecord;
  getShare(name: string): ShareRecord | undefined;
  /** The owner's live shares, newest first. */
  listShares(ownerId: string, page?: Page): ShareRecord[];
  setShareTitle(name: string, title: string | null): void;
  /** Sets the given options (expiry, download limit, password hash); absent keys stay. */
  setShareOptions(name: string, options: ShareOptions): void;
  /** Names of live shares whose expiry is at or before `now` (unix seconds), oldest first. */
  expiredShares(now: number, limit: number): string[];
  /** Marks the share removed and deletes its files; returns the blob keys to delete. */
  removeShare(name: string): string[];

  /** Creates a file with the share's next sequential id ("0", "1", …). */
  createFile(input: {
    sharename: string;
    ownerId: string;
    filename: string;
    session: string | null;
  }): FileRecord;
  /** Creates several files at once, in order, in one transaction (the batch extension). */
  createFiles(input: {
    sharename: string;
    ownerId: string;
    filenames: readonly string[];
    session: string | null;
  }): FileRecord[];
  /** The file, unless its share has expired. */
  getFile(sharename: string, fileid: string): FileRecord | undefined;
  /** Files of a share, newest first. */
  listFiles(sharename: string): FileRecord[];
  /** One page of a share's files in drop order (oldest first), for the recipient pages. */
  listFilesInDropOrder(sharename: string, page: Page): FileRecord[];
  /** How many files the share holds, and the bytes of those whose size is known. */
  fileTotals(sharename: string): { files: number; bytes: number };
  /** Deletes the file; returns the blob keys to delete. */
  removeFile(sharename: string, fileid: string): string[];
  /** Records a running upload into `key`; `remote` files become `uploading`. */
  startUpload(sharename: string, fileid: string, key: string, size: number | null): FileRecord;
  /**
   * Makes `key` the file's content if it is still the running upload. Returns the replaced
   * blob key (to delete) or undefined when the upload had been superseded or the file removed.
   */
  finishUpload(
    sharename: string,
    fileid: string,
    key: string,
    size: number,
  ): { replaced: string | null } | undefined;
  /** Forgets a running upload; the file falls back to its previous content or `remote`. */
  abortUpload(sharename: string, fileid: string, key: string): void;
  incrementDownloads(sharename: string, fileid: string): void;
  /** Counts one download if fewer than `limit` were counted; false when none is left. */
  consumeDownload(sharename: string, fileid: string, limit: number): boolean;

  /** After a crash: ends every upload left running. Returns the keys of their blobs. */
  resetInterruptedUploads(): string[];
  /** Every blob key the metadata refers to. */
  referencedBlobKeys(): Set<string>;
  /** Resumable (tus) uploads; recovery leaves the uploads they hold running. */
  readonly tus: TusStore;
  /** Removals for breaking the terms, also by `gett-server files remove` in another process. */
  readonly moderation: ModerationStore;
  /** Each byte download, completed or left early. */
  readonly downloads: DownloadRecordStore;
  close(): void;
}

export type BlobEvent =
  | { readonly type: 'progress'; readonly written: number }
  | { readonly type: 'finish'; readonly size: number }
  | { readonly type: 'abort'; readonly reason: Error };

/**
 * A blob being written. It is a Writable (pipe request bodies into it, with back-pressure);
 * `written` counts bytes that reached the file, so readers may read up to it at any time.
 */
export interface BlobWriter extends Writable {
  readonly key: string;
  readonly written: number;
  /** Ends the blob; resolves once every byte is on disk and followers have been told. */
  finish(): Promise<number>;
  /** Drops the blob; followers get an error. */
  abort(reason?: Error): Promise<void>;
  /**
   * SHA-256 (hex) of the whole blob, once every byte is written; only for writers made with
   * `{ sha256: true }`. Hashed as the bytes arrive; a writer resumed after a restart reads
   * the file once instead. Followers get the last byte only after `finish()`.
   */
  sha256(): Promise<string>;
}

export interface WriterOptions {
  /** Hash the content (for screening it before it is accepted). */
  sha256?: boolean;
}

/** Bytes, addressed by opaque keys (never by user-supplied names). */
export interface BlobStore {
  createWriter(key: string, opts?: WriterOptions): Promise<BlobWriter>;
  /**
   * Reopens a blob written earlier to append to it from byte `at` (anything past `at` is cut
   * off), for uploads that resume after a restart. Fails if the blob is shorter than `at`.
   */
  resumeWriter(key: string, at: number, opts?: WriterOptions): Promise<BlobWriter>;
  /** Reads a blob (complete or growing) from `start` to `end` inclusive, as far as written. */
  createReadStream(key: string, range?: { start?: number; end?: number }): Readable;
  /**
   * Streams what is written so far and follows growth until the writer finishes; errors if
   * the writer aborts. Pulls only as fast as the consumer reads. A blob with no running
   * writer is read to its end.
   */
  createFollowStream(key: string, opts?: { start?: number }): Readable;
  /** Subscribes to a running writer's progress; returns the unsubscribe function. */
  watch(key: string, listener: (event: BlobEvent) => void): () => void;
  /**
   * The local file a finished blob is kept in, for stores that keep blobs as files: image
   * decoding reads it directly (headers without reading the whole blob). Optional.
   */
  localPath?(key: string): string;
  isWriting(key: string): boolean;
  /**
   * Bytes the store's disk can still take, for stores on a local disk (what every account's
   * free space is bounded by). Optional: stores without a disk of their own leave it out.
   */
  available?(): number;
  /** Bytes written so far (running writer) or the blob size; undefined if absent. */
  size(key: string): Promise<number | undefined>;
  delete(key: string): Promise<void>;
  /** Every stored key, for removing orphans after a crash. */
  keys(): Promise<string[]>;
}
