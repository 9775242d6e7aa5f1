/** An error a person can act on: what happened, what to do next, and any detail. */
import type { ReactNode } from 'react';

interface ErrorLike {
  readonly message: string;
  readonly action: string;
  readonly detail?: string | undefined;
}

export function ErrorText({ error, children }: { error: ErrorLike; children?: ReactNode }) {
  return (
    <div className="error-text">
      <span className="error-text__message">{error.message}</span>{' '}
      <span className="error-text__action">{error.action}</span>
      {error.detail ? <span className="error-text__detail"> ({error.detail})</span> : null}
      {children}
    </div>
  );
}
