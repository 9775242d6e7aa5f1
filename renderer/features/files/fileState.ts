/** What a person sees as a file's state, from the server's readystate and our upload phase. */
import type { FileView } from '../../../shared/model';

export type FileState = 'queued' | 'uploading' | 'paused' | 'uploaded' | 'failed' | 'removed';

export function fileState(file: FileView): FileState {
  if (file.readystate === 'removed') return 'removed';
  switch (file.upload?.phase) {
    case 'failed':
      return 'failed';
    case 'paused':
      return 'paused';
    case 'uploading':
      return 'uploading';
    case 'queued':
      return 'queued';
    case 'done':
      return 'uploaded';
    case undefined:
      break;
  }
  if (file.readystate === 'uploaded') return 'uploaded';
  if (file.readystate === 'uploading') return 'uploading';
  return 'queued';
}

export const stateLabels: Record<FileState, string> = {
  queued: 'Queued',
  uploading: 'Uploading',
  paused: 'Paused',
  uploaded: 'Uploaded',
  failed: 'Failed',
  removed: 'Removed',
};

type Kind = 'image' | 'video' | 'audio' | 'archive' | 'doc' | 'code' | 'other';

const kinds: Record<string, Kind> = {};
const add = (kind: Kind, exts: string) => exts.split(' ').forEach((e) => (kinds[e] = kind));
add('image', 'png jpg jpeg gif webp avif heic bmp svg tif tiff ico');
add('video', 'mp4 mov mkv webm avi m4v');
add('audio', 'mp3 wav flac ogg m4a aac opus');
add('archive', 'zip rar 7z tar gz tgz bz2 xz dmg iso');
add('doc', 'pdf doc docx xls xlsx ppt pptx odt ods odp txt md rtf csv key pages numbers');
add('code', 'js ts tsx jsx json html css py rb go rs java c cpp h sh yml yaml xml sql');

/** Extension (upper case, at most 4 letters) and its kind, for the type badge. */
export function fileType(filename: string): { ext: string; kind: Kind } {
  const dot = filename.lastIndexOf('.');
  const ext = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
  return { ext: ext.slice(0, 4).toUpperCase() || 'FILE', kind: kinds[ext] ?? 'other' };
}
