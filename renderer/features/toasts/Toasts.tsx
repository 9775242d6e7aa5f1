/**
 * Toasts above the status bar, newest at the bottom, at most three at once (older ones that
 * still matter wait behind a "+N more" line). Info and success fade after a few seconds, but
 * not while the stack is hovered or holds focus, so nothing moves while being read or reached;
 * errors stay until dismissed, since they ask the person to do something.
 */
import { useEffect, useRef, useState } from 'react';
import type { ToastItem } from '../../state/toasts';
import { selectToasts, splitVisible, useToastsStore } from '../../state/toasts';
import { IconButton } from '../../lib/IconButton';
import './toasts.css';

export const TOAST_MS = 5000;

export function Toasts() {
  const toasts = useToastsStore(selectToasts);
  const dismissAll = useToastsStore((s) => s.dismissAll);
  const { visible, waiting } = splitVisible(toasts);
  const ref = useRef<HTMLElement>(null);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);

  // A dismissed toast takes its focused button along without a blur event; let go then.
  useEffect(() => {
    if (focused && !ref.current?.contains(document.activeElement)) setFocused(false);
  }, [focused, toasts]);

  return (
    <section
      ref={ref}
      className="toasts"
      aria-label="Notifications"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocused(false);
      }}
    >
      {waiting > 0 ? (
        <div className="toasts__more" data-testid="toasts-more">
          <span>+{waiting} more</span>
          <button type="button" className="button button--ghost button--small" onClick={dismissAll}>
            Dismiss all
          </button>
        </div>
      ) : null}
      {visible.map((t) => (
        <Toast key={t.id} toast={t} held={hovered || focused} />
      ))}
    </section>
  );
}

function Toast({ toast, held }: { toast: ToastItem; held: boolean }) {
  const dismiss = useToastsStore((s) => s.dismiss);
  const sticky = toast.kind === 'error';

  // Restarts when the toast changes (a coalesced toast gained a file) or is let go.
  useEffect(() => {
    if (sticky || held) return;
    const timer = window.setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [sticky, held, dismiss, toast.id, toast.at]);

  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={sticky ? 'alert' : 'status'}
      aria-live={sticky ? 'assertive' : 'polite'}
      aria-atomic="true"
      data-testid="toast"
      data-kind={toast.kind}
    >
      <div className="toast__body">
        <p className="toast__message">{toast.message}</p>
        {toast.action ? <p className="toast__action">{toast.action}</p> : null}
      </div>
      {toast.button ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            toast.button?.onClick();
            dismiss(toast.id);
          }}
        >
          {toast.button.label}
        </button>
      ) : null}
      <IconButton icon="close" label="Dismiss notification" onClick={() => dismiss(toast.id)} />
    </div>
  );
}
