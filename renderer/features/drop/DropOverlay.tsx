/** The full-window hint shown while files are dragged over the window. */
import { useShallow } from 'zustand/react/shallow';
import { useSharesStore } from '../../state/shares';
import { useUiStore } from '../../state/ui';
import './drop.css';

export function DropOverlay() {
  const { dragging, dropTarget } = useUiStore(
    useShallow((s) => ({ dragging: s.dragging, dropTarget: s.dropTarget })),
  );
  const targetTitle = useSharesStore((s) =>
    dropTarget === null
      ? null
      : (s.shares.find((x) => x.sharename === dropTarget)?.title ?? 'this share'),
  );
  if (!dragging) return null;
  return (
    <div
      className={`drop-overlay${dropTarget === null ? '' : ' drop-overlay--share'}`}
      data-testid="drop-overlay"
      data-target={dropTarget ?? ''}
      aria-live="polite"
    >
      <div className="drop-overlay__card">
        <svg className="drop-overlay__icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
        </svg>
        <p className="drop-overlay__title">
          {targetTitle === null ? 'Drop to share in a new link' : `Drop to add to “${targetTitle}”`}
        </p>
        <p className="drop-overlay__hint">The link is copied as soon as you let go.</p>
      </div>
    </div>
  );
}
