/** The share list flattened into rows, so one virtual list scrolls any number of files. */
import type { FileView, ShareView } from '../../../shared/model';
import { fileState } from '../files/fileState';
import type { ShareMatch } from './search';

export type Row =
  | { readonly kind: 'share'; readonly key: string; readonly share: ShareView }
  | { readonly kind: 'file'; readonly key: string; readonly file: FileView }
  | { readonly kind: 'emptyShare'; readonly key: string; readonly sharename: string };

/** Rows for the shares shown, each followed by the files shown under it. */
export function buildRows(matches: readonly ShareMatch[]): Row[] {
  const rows: Row[] = [];
  for (const { share, files } of matches) {
    rows.push({ kind: 'share', key: `s:${share.sharename}`, share });
    if (share.files.length === 0) {
      rows.push({ kind: 'emptyShare', key: `e:${share.sharename}`, sharename: share.sharename });
    }
    for (const file of files) {
      rows.push({ kind: 'file', key: `f:${share.sharename}/${file.fileid}`, file });
    }
  }
  return rows;
}

/** Fixed heights (px) per row kind keep scrolling exact without measuring 10,000 rows. */
export const ROW_HEIGHT = { share: 84, file: 60, fileWithError: 84, emptyShare: 44 } as const;

export function rowHeight(row: Row): number {
  switch (row.kind) {
    case 'share':
      return ROW_HEIGHT.share;
    case 'emptyShare':
      return ROW_HEIGHT.emptyShare;
    case 'file': {
      const state = fileState(row.file);
      const withError = (state === 'failed' && row.file.upload?.error) || state === 'removed';
      return withError ? ROW_HEIGHT.fileWithError : ROW_HEIGHT.file;
    }
  }
}

export function rowShare(row: Row): string {
  switch (row.kind) {
    case 'share':
      return row.share.sharename;
    case 'file':
      return row.file.sharename;
    case 'emptyShare':
      return row.sharename;
  }
}
