/**
 * All shares and their files in one virtualized list: only the rows in view are in the DOM,
 * so 10,000 files scroll smoothly. Arrow keys, Home/End and Page keys move between rows;
 * on a focused row, Enter copies its link, F2 renames a share and Delete asks to delete.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useUiStore } from '../../state/ui';
import { copyLink } from './actions';
import { RowView } from './RowView';
import { UNTITLED } from './ShareTitle';
import { buildRows, rowHeight } from './rows';
import type { Row } from './rows';
import type { ShareMatch } from './search';

function deleteDialogFor(row: Row) {
  switch (row.kind) {
    case 'share':
      return { kind: 'deleteShare', sharename: row.share.sharename } as const;
    case 'file':
      return {
        kind: 'deleteFile',
        sharename: row.file.sharename,
        fileid: row.file.fileid,
      } as const;
    case 'emptyShare':
      return null;
  }
}

/** The shares shown (all, or those a search found) with the files to show under each. */
export function ShareList({ matches, label }: { matches: readonly ShareMatch[]; label: string }) {
  const rows = useMemo(() => buildRows(matches), [matches]);
  const indexOf = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The active row is kept by key, so it stays put when a new share arrives above it; the
  // index is the fallback when that row is gone.
  const [active, setActive] = useState({ key: '', index: 0 });
  const pendingFocus = useRef(false);
  const current = indexOf.get(active.key) ?? Math.min(active.index, rows.length - 1);
  const focusRow = useCallback(
    (index: number) => setActive({ key: rows[index]?.key ?? '', index }),
    [rows],
  );

  // New callbacks only when rows change: the virtualizer recomputes offsets when getItemKey changes.
  const estimateSize = useCallback((i: number) => (rows[i] ? rowHeight(rows[i]) : 60), [rows]);
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 6,
    // Rows have fixed heights, so scroll updates need no synchronous flush.
    useFlushSync: false,
  });

  // Bring a share that was just dropped onto (or created) into view once the list has it.
  const reveal = useUiStore((s) => s.reveal);
  const revealIndex = reveal === null ? undefined : indexOf.get(`s:${reveal}`);
  useEffect(() => {
    if (revealIndex === undefined) return;
    virtualizer.scrollToIndex(revealIndex, { align: 'start' });
    useUiStore.getState().setReveal(null);
  }, [revealIndex, virtualizer]);

  // Focus the active row once it is rendered (after scrolling it into view).
  useLayoutEffect(() => {
    if (!pendingFocus.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    if (el) {
      el.focus();
      pendingFocus.current = false;
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    pendingFocus.current = true;
    focusRow(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / 60));
    const keys: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: rows.length - 1,
      PageDown: current + page,
      PageUp: current - page,
    };
    const to = keys[e.key];
    if (to !== undefined) {
      e.preventDefault();
      moveTo(to);
      return;
    }
    const row = rows[current];
    // The rest acts on the focused row itself, not on a button inside it.
    if (!row || target.dataset.index === undefined) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      const dialog = deleteDialogFor(row);
      if (dialog) {
        e.preventDefault();
        useUiStore.getState().openDialog(dialog);
      }
    } else if (e.key === 'Enter' && row.kind !== 'emptyShare') {
      e.preventDefault();
      const { getturl } = row.kind === 'share' ? row.share : row.file;
      const what = row.kind === 'share' ? (row.share.title ?? UNTITLED) : row.file.filename;
      void copyLink(getturl, what);
    } else if (e.key === 'F2' && row.kind === 'share') {
      e.preventDefault();
      target.querySelector<HTMLButtonElement>('.share__title')?.click();
    }
  };

  return (
    <div
      ref={scrollRef}
      className="share-list"
      data-testid="share-list"
      data-virtual-scroller=""
      role="list"
      aria-label={label}
      onKeyDown={onKeyDown}
    >
      <div className="share-list__inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <RowView
              key={item.key}
              row={row}
              index={item.index}
              count={rows.length}
              top={item.start}
              height={item.size}
              active={item.index === current}
              onFocusRow={focusRow}
            />
          );
        })}
      </div>
    </div>
  );
}
