/** One file in the upload queue, and how it is saved to disk and read back. */
import { appErrorView, type AppErrorCode, type AppErrorView } from '../../shared/errors';
import type { UploadUrls } from '../../shared/gett';
import type { UploadPhase } from '../../shared/model';
import type { SavedItem } from './persist';
import { transition } from './phase';
import type { TusState } from './tusUploader';

export interface FileRef {
  sharename: string;
  fileid: string;
}

export interface Item extends FileRef {
  filename: string;
  path: string;
  size: number;
  phase: Exclude<UploadPhase, 'done'>;
  /** Bytes handed to the socket in the current attempt. */
  bytes: number;
  error?: AppErrorView;
  /** Higher runs first; raised when someone is waiting for the file. */
  priority: number;
  /** Failed attempts in a row while the server was away. */
  attempts?: number;
  /** Upload URLs from the file's creation, used once. */
  urls?: UploadUrls;
  /** The resumable (tus) upload and the bytes the server confirmed; saved with the queue. */
  tus?: TusState;
  /** The file is encrypted as it streams (its share is end-to-end encrypted). */
  encrypted?: boolean;
  /** The file is the drop's manifest (a plaintext file of this app's, deleted once sent). */
  manifest?: boolean;
  /** The running encrypted upload: its salt and the plaintext it was made from. */
  e2ee?: EncryptionState;
}

/** What a resumed encrypted upload needs to make the same ciphertext again. */
export interface EncryptionState {
  /** base64url. */
  salt: string;
  plainSize: number;
  mtimeMs: number;
}

export const key = (r: FileRef) => `${r.sharename}/${r.fileid}`;

export function toSaved(i: Item): SavedItem {
  const saved: SavedItem = {
    sharename: i.sharename,
    fileid: i.fileid,
    filename: i.filename,
    path: i.path,
    size: i.size,
    phase: i.phase,
  };
  if (i.error) saved.errorCode = i.error.code;
  if (i.tus) saved.tus = { ...i.tus };
  if (i.encrypted) saved.encrypted = true;
  if (i.manifest) saved.manifest = true;
  if (i.e2ee) saved.e2ee = { ...i.e2ee };
  return saved;
}

/** Interrupted uploads, and those that only lacked a connection, start again. */
export function fromSaved(saved: SavedItem): Item {
  const item: Item = { ...saved, bytes: saved.tus?.offset ?? 0, priority: 0 };
  if (saved.phase === 'uploading') transition(item, 'stopped');
  if (saved.phase === 'failed' && saved.errorCode === 'serverUnreachable') {
    transition(item, 'requeue');
  }
  if (item.phase === 'failed') {
    item.error = appErrorView((saved.errorCode as AppErrorCode | undefined) ?? 'uploadFailed');
  }
  return item;
}
