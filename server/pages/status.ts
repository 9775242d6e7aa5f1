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
}

const PREVIEWABLE = /^image\/(png|jpeg|gif|webp|avif|tiff|bmp)$/;

export function isImage(filename: string): boolean {
  const type = mime.lookup(filename);
  return type !== false && PREVIEWABLE.test(type);
}

/** Sizes as the app shows them (one formatter for both). */
export const formatSize = (bytes: number): string => formatBytes(bytes);

export async function fileStatus(ctx: ServerContext, file: FileRecord): Promise<FileStatus> {
  const base = {
    fileid: file.fileid,
    readystate: file.readystate,
    size: file.size,
    downloads: file.downloads,
    thumb: false,
    percent: null,
  };
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
