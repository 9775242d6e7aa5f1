/**
 * What a recipient is told about each file, computed once on the server for both the first
 * render and the live updates the page polls for (`/<sharename>/progress`).
 */
import mime from 'mime-types';
import { formatBytes } from '../../shared/format.js';
import type { ServerContext } from '../context.js';
import type { FileRecord } from '../storage/types.js';

export interface FileStatus {
  readonly fileid: string;
  readonly readystate: FileRecord['readystate'];
  /** Short text for the status line ("Uploading 45%", "Waiting for the uploader"). */
  readonly status: string;
  /** 0-100 while uploading with a known size, else null. */
  readonly percent: number | null;
  /** Final or announced size, or null when unknown. */
  readonly size: number | null;
  /** Whether the download button works now (bytes exist or a live uploader will send them). */
  readonly downloadable: boolean;
  /** A thumbnail exists (finished images only). */
  readonly thumb: boolean;
  readonly downloads: number;
  /** Counted downloads still allowed, when the share has a limit (else null). */
  readonly downloadsLeft: number | null;
}

const PREVIEWABLE = /^image\/(png|jpeg|gif|webp|avif|tiff|bmp)$/;

export function isImage(filename: string): boolean {
  const type = mime.lookup(filename);
  return type !== false && PREVIEWABLE.test(type);
}

/** Sizes as the app shows them (one formatter for both). */
export const formatSize = (bytes: number): string => formatBytes(bytes);

/** What a recipient sees of a file whose download limit is used up. */
export const LIMIT_REACHED = 'Download limit reached: ask the sender to share it again';

/**
 * The file's status line; `limit` is its share's download limit (null for none), and a file
 * that has used it up says so and offers no download.
 */
export async function fileStatus(
  ctx: ServerContext,
  file: FileRecord,
  limit: number | null = null,
): Promise<FileStatus> {
  const downloadsLeft = limit === null ? null : Math.max(0, limit - file.downloads);
  const base = {
    fileid: file.fileid,
    readystate: file.readystate,
    size: file.size,
    downloads: file.downloads,
    downloadsLeft,
    thumb: false,
    percent: null,
  };
  if (downloadsLeft === 0 && file.readystate !== 'removed') {
    return {
      ...base,
      thumb: file.readystate === 'uploaded' && isImage(file.filename),
      status: LIMIT_REACHED,
      downloadable: false,
    };
  }
  switch (file.readystate) {
    case 'removed':
      return {
        ...base,
        size: null,
        status: `Removed: ${file.reason ?? 'the owner or the operator removed this file'}`,
        downloadable: false,
      };
    case 'remote': {
      const live = file.session !== null && ctx.live.isSessionLive(file.ownerId, file.session);
      return live
        ? {
            ...base,
            status: 'Waiting for the uploader: the upload starts when you download',
            downloadable: true,
          }
        : {
            ...base,
            status: 'Not uploaded yet, and the uploader is offline: try again later',
            downloadable: false,
          };
    }
    case 'uploading': {
      const written = file.uploadKey ? ((await ctx.blobs.size(file.uploadKey)) ?? 0) : 0;
      if (file.size === null || file.size === 0) {
        return { ...base, status: `Uploading: ${formatSize(written)} so far`, downloadable: true };
      }
      const percent = Math.min(100, Math.floor((written / file.size) * 100));
      return { ...base, status: `Uploading ${percent}%`, percent, downloadable: true };
    }
    case 'uploaded':
      return { ...base, status: 'Ready', thumb: isImage(file.filename), downloadable: true };
  }
}
