/** Positions one row of the virtual list and gives it the attributes tests and drops rely on. */
import { memo } from 'react';
import { RowTabContext } from '../../lib/rowTab';
import { useUiStore } from '../../state/ui';
import { chooseFiles } from '../drop/actions';
import { FileRow } from '../files/FileRow';
import { fileState } from '../files/fileState';
import { ShareHeader } from './ShareHeader';
import { rowShare } from './rows';
import type { Row } from './rows';

interface Props {
  row: Row;
  index: number;
  count: number;
  top: number;
  height: number;
  active: boolean;
  onFocusRow: (index: number) => void;
}

function testAttributes(row: Row): Record<string, string> {
  switch (row.kind) {
    case 'share':
      return { 'data-testid': 'share-row' };
    case 'file':
      return {
        'data-testid': 'file-row',
        'data-fileid': row.file.fileid,
        'data-state': fileState(row.file),
      };
    case 'emptyShare':
      return { 'data-testid': 'share-empty' };
  }
}

export const RowView = memo(function RowView(props: Props) {
  const { row, index, count, top, height, active, onFocusRow } = props;
  const sharename = rowShare(row);
  const isDropTarget = useUiStore((s) => s.dragging && s.dropTarget === sharename);
  return (
    <div
      className={`row row--${row.kind}${isDropTarget ? ' row--drop-target' : ''}`}
      role="listitem"
      aria-setsize={count}
      aria-posinset={index + 1}
      tabIndex={active ? 0 : -1}
      data-index={index}
      data-sharename={sharename}
      data-drop-share={sharename}
      {...testAttributes(row)}
      style={{ transform: `translateY(${top}px)`, height }}
      onFocus={() => onFocusRow(index)}
    >
      <RowTabContext value={active ? 0 : -1}>
        {row.kind === 'share' ? <ShareHeader share={row.share} /> : null}
        {row.kind === 'file' ? <FileRow file={row.file} /> : null}
        {row.kind === 'emptyShare' ? (
          <div className="share-empty">
            No files yet. Drop files here or{' '}
            <button
              type="button"
              className="link-button"
              tabIndex={active ? 0 : -1}
              onClick={() => void chooseFiles(sharename)}
            >
              choose files
            </button>
            .
          </div>
        ) : null}
      </RowTabContext>
    </div>
  );
});
