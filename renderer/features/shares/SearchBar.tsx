/**
 * The search box above the share list. Ctrl/Cmd+F focuses it from anywhere in the list view,
 * Escape clears it, Arrow Down moves into the list; the count is announced politely.
 */
import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { Icon } from '../../lib/icons';
import { selectQuery, useUiStore } from '../../state/ui';

export const SEARCH_LABEL = 'Search shares';

/** Focuses the search box (after the list view is shown). */
export function focusSearch() {
  document.querySelector<HTMLInputElement>('[data-testid="share-search"]')?.focus();
}

interface Props {
  /** Shares found for the query, and how many there are in all. */
  found: number;
  total: number;
}

export function SearchBar({ found, total }: Props) {
  const query = useUiStore(selectQuery);
  const setQuery = useUiStore((s) => s.setQuery);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        if (useUiStore.getState().dialog) return;
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape' && query !== '') {
      e.preventDefault();
      setQuery('');
    } else if (e.key === 'ArrowDown') {
      const row = document.querySelector<HTMLElement>(
        '.share-list [role="listitem"][tabindex="0"]',
      );
      if (row) {
        e.preventDefault();
        row.focus();
      }
    }
  };

  const searching = query.trim() !== '';
  const shares = (n: number) => (n === 1 ? '1 share' : `${n.toLocaleString('en-US')} shares`);
  return (
    <div className="search" role="search">
      <div className="search__field">
        <span className="search__icon" aria-hidden="true">
          <Icon name="search" />
        </span>
        <input
          ref={input}
          type="search"
          className="search__input"
          data-testid="share-search"
          aria-label={SEARCH_LABEL}
          aria-describedby="search-count"
          placeholder="Search titles and file names"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {query !== '' ? (
          <button
            type="button"
            className="icon-button search__clear"
            aria-label="Clear search"
            title="Clear search (Escape)"
            onClick={() => {
              setQuery('');
              input.current?.focus();
            }}
          >
            <Icon name="close" />
          </button>
        ) : null}
      </div>
      <span id="search-count" className="search__count" role="status" data-testid="search-count">
        {searching ? `${found.toLocaleString('en-US')} of ${shares(total)}` : ''}
      </span>
    </div>
  );
}
