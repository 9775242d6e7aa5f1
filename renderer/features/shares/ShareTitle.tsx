/**
 * A share's title, edited in place: click or Enter to edit, Enter to save, Escape to cancel.
 * After Enter or Escape focus goes back to the share's row, so the list's keys work on.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useRowTabIndex } from '../../lib/rowTab';
import { renameShare } from './actions';

export const UNTITLED = 'Untitled share';

export function ShareTitle({ sharename, title }: { sharename: string; title: string | null }) {
  const [draft, setDraft] = useState<string | null>(null);
  const tabIndex = useRowTabIndex();
  const returnTo = useRef<HTMLElement | null>(null);

  useLayoutEffect(() => {
    if (draft !== null || !returnTo.current) return;
    const row = returnTo.current;
    returnTo.current = null;
    if (row.isConnected) row.focus();
  }, [draft]);

  const save = () => {
    if (draft === null) return;
    const next = draft.trim() === '' ? null : draft.trim();
    setDraft(null);
    if (next !== title) void renameShare(sharename, next, title);
  };

  const finish = (e: KeyboardEvent<HTMLInputElement>, keep: boolean) => {
    returnTo.current = e.currentTarget.closest<HTMLElement>('[data-index]');
    if (keep) save();
    else setDraft(null);
  };

  if (draft === null) {
    return (
      <button
        type="button"
        className="share__title"
        tabIndex={tabIndex}
        aria-label={`Rename ${title ?? UNTITLED}`}
        title="Rename"
        onClick={() => setDraft(title ?? '')}
      >
        {title ?? <span className="share__title--empty">{UNTITLED}</span>}
      </button>
    );
  }
  return (
    <input
      className="share__title-input"
      aria-label="Share title"
      value={draft}
      maxLength={256}
      placeholder={UNTITLED}
      autoFocus
      onChange={(e) => setDraft(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(e, true);
        if (e.key === 'Escape') finish(e, false);
      }}
    />
  );
}
