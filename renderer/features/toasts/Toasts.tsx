/**
 * Toasts in the corner. Info and success fade after a few seconds (not while hovered or
 * focused); errors stay until dismissed, since they ask the person to do something.
 */
import { useEffect, useState } from 'react';
import type { ToastItem } from '../../state/toasts';
import { selectToasts, useToastsStore } from '../../state/toasts';
import { IconButton } from '../../lib/IconButton';
import './toasts.css';

export const TOAST_MS = 5000;

export function Toasts() {
  const toasts = useToastsStore(selectToasts);
  return (
    <section className="toasts" aria-label="Notifications">
      <div className="toasts__list">
        {toasts.map((t) => (
          <Toast key={t.id} toast={t} />
        ))}
      </div>
    </section>
  );
}

function Toast({ toast }: { toast: ToastItem }) {
  const dismiss = useToastsStore((s) => s.dismiss);
  const [held, setHeld] = useState(false);
  const sticky = toast.kind === 'error';

  useEffect(() => {
    if (sticky || held) return;
    const timer = window.setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [sticky, held, dismiss, toast.id]);

  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={sticky ? 'alert' : 'status'}
      data-testid="toast"
      data-kind={toast.kind}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
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
