/** Row shapes of the SQLite tables and their mapping to the store's records. */
import type { ReadyState } from '../../shared/gett.js';
import type { AppRecord, FileRecord, ShareRecord, UserRecord } from './types.js';

export interface UserRow {
  id: string;
  email: string;
  fullname: string;
  password_hash: string;
  storage_limit: number;
  created: number;
  tokens_valid_after?: number;
}
export interface AppRow {
  id: string;
  name: string;
  owner_id: string | null;
  key_hash: string;
  created: number;
}
export interface ShareRow {
  name: string;
  owner_id: string;
  title: string | null;
  created: number;
  removed: number;
  expires?: number | null;
  max_downloads?: number | null;
  password_hash?: string | null;
}
export interface FileRow {
  sharename: string;
  fileid: string;
  owner_id: string;
  filename: string;
  created: number;
  readystate: ReadyState;
  size: number | null;
  downloads: number;
  blob_key: string | null;
  upload_key: string | null;
  session: string | null;
  reason: string | null;
}

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  fullname: r.fullname,
  passwordHash: r.password_hash,
  storageLimit: r.storage_limit,
  created: r.created,
  tokensValidAfter: r.tokens_valid_after ?? 0,
});
export const toApp = (r: AppRow): AppRecord => ({
  id: r.id,
  name: r.name,
  ownerId: r.owner_id,
  keyHash: r.key_hash,
  created: r.created,
});
export const toShare = (r: ShareRow): ShareRecord => ({
  name: r.name,
  ownerId: r.owner_id,
  title: r.title,
  created: r.created,
  // An expired share reads as removed from the second it expires; the sweeper deletes it.
  removed: r.removed !== 0 || (r.expires != null && r.expires <= Date.now() / 1000),
  expires: r.expires ?? null,
  maxDownloads: r.max_downloads ?? null,
  passwordHash: r.password_hash ?? null,
});
export const toFile = (r: FileRow): FileRecord => ({
  sharename: r.sharename,
  fileid: r.fileid,
  ownerId: r.owner_id,
  filename: r.filename,
  created: r.created,
  readystate: r.readystate,
  size: r.size,
  downloads: r.downloads,
  blobKey: r.blob_key,
  uploadKey: r.upload_key,
  session: r.session,
  reason: r.reason,
});
