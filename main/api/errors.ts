/** Typed failures of the Ge.tt API, each mapped to the message a person sees. */
import { appErrorView, type AppErrorCode, type AppErrorView } from '../../shared/errors';

export type ApiErrorKind =
  | 'unreachable'
  | 'unauthorized'
  | 'credentials'
  | 'notFound'
  | 'forbidden'
  | 'storage'
  | 'invalid'
  | 'server';

const codes: Record<ApiErrorKind, AppErrorCode> = {
  unreachable: 'serverUnreachable',
  unauthorized: 'signedOut',
  credentials: 'wrongCredentials',
  notFound: 'notFound',
  // Someone else's share or file: to this account it does not exist.
  forbidden: 'notFound',
  storage: 'storageFull',
  invalid: 'invalidRequest',
  server: 'unknown',
};

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    /** The server's own `error` text, when it sent one. */
    readonly serverError?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get code(): AppErrorCode {
    return codes[this.kind];
  }

  view(): AppErrorView {
    return appErrorView(this.code, this.serverError ?? this.message);
  }
}

/** Classifies a non-200 answer by status and by the server's error text. */
export function errorFromResponse(status: number, serverError: string | undefined, what: string) {
  const text = serverError ?? '';
  const msg = `${what} failed (HTTP ${status}${text ? `: ${text}` : ''})`;
  if (status === 413 || status === 507 || /storage|quota/i.test(text)) {
    return new ApiError('storage', msg, status, serverError);
  }
  if (status === 401) return new ApiError('unauthorized', msg, status, serverError);
  if (status === 403) {
    const tokenProblem = /token|expired|login|sign/i.test(text);
    return new ApiError(tokenProblem ? 'unauthorized' : 'forbidden', msg, status, serverError);
  }
  if (status === 404 || status === 410) return new ApiError('notFound', msg, status, serverError);
  // A server shutting down (503) or a proxy in front of a stopped one (502, 504) is away for
  // now: treat it like a refused connection, so uploads retry once it is back.
  if (status === 502 || status === 503 || status === 504) {
    return new ApiError('unreachable', msg, status, serverError);
  }
  if (status >= 400 && status < 500) return new ApiError('invalid', msg, status, serverError);
  return new ApiError('server', msg, status, serverError);
}

/** Turns a network failure (refused, reset, DNS) into an `unreachable` error. */
export function unreachable(url: string, cause: unknown): ApiError {
  const detail = cause instanceof Error ? (errorCode(cause) ?? cause.message) : String(cause);
  return new ApiError('unreachable', `Cannot reach ${new URL(url).origin} (${detail})`);
}

function errorCode(err: Error): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps anything thrown to the view the renderer shows. */
export function toErrorView(err: unknown): AppErrorView {
  if (err instanceof ApiError) return err.view();
  if (isFsError(err)) return appErrorView('fileUnreadable', err.message);
  return appErrorView('unknown', err instanceof Error ? err.message : String(err));
}

export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E(NOENT|ACCES|PERM|ISDIR|NOTDIR|IO|MFILE|BUSY)$/.test(code);
}
