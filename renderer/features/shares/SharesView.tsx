/** The main view: loading, a load error, the teaching empty state, or the searchable list. */
import { useDeferredValue, useEffect, useMemo } from 'react';
import { selectStarting, useAccountStore } from '../../state/account';
import {
  selectIsEmpty,
  selectLoadError,
  selectLoaded,
  selectShares,
  useSharesStore,
} from '../../state/shares';
import { selectQuery, useUiStore } from '../../state/ui';
import { EmptyState } from './EmptyState';
import { focusSearch, SearchBar } from './SearchBar';
import { ShareList } from './ShareList';
import { matchShares } from './search';
import './shares.css';

export function SharesView() {
  const loaded = useSharesStore(selectLoaded);
  const loadError = useSharesStore(selectLoadError);
  const empty = useSharesStore(selectIsEmpty);
  const starting = useAccountStore(selectStarting);
  if (!loaded && starting) {
    return (
      <div className="empty" aria-busy="true" data-testid="starting">
        <p className="empty__text">Starting the server on this computer…</p>
      </div>
    );
  }
  if (loadError !== null && !loaded) {
    return (
      <div className="empty" role="alert">
        <h2 className="empty__title">Your shares could not be loaded</h2>
        <p className="empty__text">{loadError}</p>
        <p className="empty__text">
          Check that the server is running and reachable in Settings; the list fills in by itself
          when it is back.
        </p>
      </div>
    );
  }
  if (!loaded) {
    return (
      <div className="empty" aria-busy="true">
        <p className="empty__text">Loading your shares…</p>
      </div>
    );
  }
  return empty ? <EmptyState /> : <SearchableList />;
}

function SearchableList() {
  const shares = useSharesStore(selectShares);
  const query = useUiStore(selectQuery);
  // Typing stays responsive with thousands of shares: the list follows a moment later.
  const deferred = useDeferredValue(query);
  const matches = useMemo(() => matchShares(shares, deferred), [shares, deferred]);
  const searching = deferred.trim() !== '';

  // A share just dropped (or created) that the search hides: show everything, so it appears.
  const reveal = useUiStore((s) => s.reveal);
  useEffect(() => {
    if (reveal === null || !searching) return;
    const known = shares.some((s) => s.sharename === reveal);
    if (known && !matches.some((m) => m.share.sharename === reveal)) {
      useUiStore.getState().setQuery('');
    }
  }, [reveal, searching, shares, matches]);

  return (
    <div className="shares-view">
      <SearchBar found={matches.length} total={shares.length} />
      {matches.length > 0 ? (
        <ShareList
          matches={matches}
          label={searching ? `Shares and files matching “${deferred.trim()}”` : 'Shares and files'}
        />
      ) : (
        <div className="empty empty--search" data-testid="search-empty">
          <h2 className="empty__title">No shares match “{deferred.trim()}”</h2>
          <p className="empty__text">Search looks at share titles and file names.</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              useUiStore.getState().setQuery('');
              focusSearch();
            }}
          >
            Clear search
          </button>
        </div>
      )}
    </div>
  );
}
