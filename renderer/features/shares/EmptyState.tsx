/** What a new user sees: how to share, in one sentence and one button. */
import { Icon } from '../../lib/icons';
import { chooseFiles } from '../drop/actions';

export function EmptyState() {
  const mod = /Mac/i.test(navigator.platform) ? '⌘' : 'Ctrl';
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty__art" aria-hidden="true">
        <svg viewBox="0 0 48 48">
          <path d="M24 30V8m0 0-8 8m8-8 8 8" />
          <path d="M8 28v10a3 3 0 0 0 3 3h26a3 3 0 0 0 3-3V28" />
        </svg>
      </div>
      <h2 className="empty__title">Drop files here to share them</h2>
      <p className="empty__text">
        Each file gets a link at once, copied for you to paste. People can start downloading while
        it uploads. You can also paste files with {mod}+V.
      </p>
      <button type="button" className="button button--primary" onClick={() => void chooseFiles()}>
        <Icon name="plus" /> Choose files
      </button>
    </div>
  );
}
