/**
 * Seams for the live API (server/live/). The REST and blob routes call these at the moments
 * the live layer cares about; the defaults do nothing and refuse to wait for uploaders.
 */
import { ApiError } from './errors.js';
import type { FileRecord } from './storage/types.js';

export interface LiveHooks {
  /** Whether a live connection that sent `connect` with this session is open for the user. */
  isSessionLive(userId: string, session: string): boolean;
  /** Whether the user holds any live connection (the share's `live` field). */
  isUserLive(userId: string): boolean;
  /** A file was created (with or without a `session`). */
  onFileCreated(file: FileRecord): void;
  /** An upload began; `size` is the announced length, when the uploader sent one. */
  onUploadStarted(file: FileRecord, size: number | null): void;
  /** Whether uploads are hashed (SHA-256) as they arrive, for `screenUpload`. */
  screensUploads(): boolean;
  /**
   * Every byte of an upload is on disk and the file is not `uploaded` yet. A returned reason
   * means the content is banned and the file is now `removed` with it: the upload's bytes are
   * then deleted and its uploader and followers get an error. null lets it through.
   */
  screenUpload(file: FileRecord, sha256: string): string | null;
  /** An upload completed; `file` is `uploaded` now. */
  onUploadFinished(file: FileRecord): void;
  /** An upload was refused or stopped because it would pass the owner's storage limit. */
  onStorageLimit(file: FileRecord): void;
  /** Someone requested the file's bytes; `increment` says whether the counter went up. */
  onDownloadStart(file: FileRecord, opts: { increment: boolean }): void;
  /**
   * A download of a `remote` file arrived. Resolve once an upload has started (the route then
   * re-reads the file and follows the upload); reject, ideally with an ApiError, to refuse.
   * `signal` aborts when the downloader goes away.
   */
  waitForUpload(file: FileRecord, signal: AbortSignal): Promise<void>;
}

export const noLiveHooks: LiveHooks = {
  isSessionLive: () => false,
  isUserLive: () => false,
  onFileCreated: () => undefined,
  onUploadStarted: () => undefined,
  screensUploads: () => false,
  screenUpload: () => null,
  onUploadFinished: () => undefined,
  onStorageLimit: () => undefined,
  onDownloadStart: () => undefined,
  waitForUpload: () => Promise.reject(new ApiError('notUploadedYet')),
};
