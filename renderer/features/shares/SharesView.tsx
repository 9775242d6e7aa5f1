/** The main view: loading, a load error, the teaching empty state, or the share list. */
import { selectStarting, useAccountStore } from '../../state/account';
import { selectIsEmpty, selectLoadError, selectLoaded, useSharesStore } from '../../state/shares';
import { EmptyState } from './EmptyState';
import { ShareList } from './ShareList';
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
  return empty ? <EmptyState /> : <ShareList />;
}
