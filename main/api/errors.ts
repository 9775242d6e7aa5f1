/** Typed failures of the Ge.tt API, each mapped to the message a person sees. */
import { appErrorView, type AppErrorCode, type AppErrorView } from '../../shared/errors';
import { isWireErrorCode, type WireErrorCode } from '../../shared/wireErrors';

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

/** Server codes that have their own message for people (the rest follow their kind). */
const appCodeOfWire: Partial<Record<WireErrorCode, AppErrorCode>> = {
  expiryTooLate: 'expiryTooLate',
  expiryRequired: 'expiryRequired',
  badExpires: 'badLinkOptions',
  badMaxDownloads: 'badLinkOptions',
  badSharePassword: 'badLinkOptions',
};

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    /** The server's own `error` text, when it sent one. */
    readonly serverError?: string,
    /** The server's stable code; absent from servers that predate codes. */
    readonly wireCode?: WireErrorCode,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get code(): AppErrorCode {
    return (this.wireCode && appCodeOfWire[this.wireCode]) ?? codes[this.kind];
  }

  view(): AppErrorView {
    return appErrorView(this.code, this.serverError ?? this.message);
  }

  /** The same failure seen as another kind (e.g. a refused login is wrong credentials). */
  as(kind: ApiErrorKind): ApiError {
    return new ApiError(kind, this.message, this.status, this.serverError, this.wireCode);
  }
}

/**
 * Server codes whose meaning for the app is not what their HTTP status alone says; every
 * other code (and an answer without one) is classified by its status.
 */
const kindOfCode: Partial<Record<WireErrorCode, ApiErrorKind>> = {
  // A signed upload URL ran out: the app asks for fresh URLs after signing in again.
  expiredSignature: 'unauthorized',
  // 413 too, but about the size of an API call, not the account's storage.
  bodyTooLarge: 'invalid',
  // Limits that pass by themselves: the upload or call is tried again, like a server away.
  tooManyConnectionsFromAddress: 'unreachable',
  bodyIdle: 'unreachable',
};

function kindOfStatus(status: number): ApiErrorKind {
  if (status === 413 || status === 507) return 'storage';
  if (status === 401) return 'unauthorized';
  // An old server without codes may refuse a stale token with 403: `ApiClient` retries such
  // an answer once after a re-login before taking it as "not yours".
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'notFound';
  // A server shutting down (503) or a proxy in front of a stopped one (502, 504) is away for
  // now: treat it like a refused connection, so uploads retry once it is back.
  if (status === 502 || status === 503 || status === 504) return 'unreachable';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

/** What a failed answer's body says: the `error` text and the stable `code`, if any. */
export interface ErrorAnswer {
  readonly error?: string | undefined;
  readonly code?: unknown;
}

/** Reads `{error, code}` off a body (JSON or not); text that is not JSON is kept, short. */
export function errorAnswer(text: string): ErrorAnswer {
  try {
    const body = JSON.parse(text) as { error?: unknown; code?: unknown } | null;
    const error = typeof body?.error === 'string' ? body.error : undefined;
    return { error, code: body?.code };
  } catch {
    return { error: text.trim().slice(0, 200) || undefined };
  }
}

/** Classifies a non-200 answer by the server's code, or by its status where it sent none. */
export function errorFromResponse(status: number, answer: ErrorAnswer | undefined, what: string) {
  const text = answer?.error;
  const code = isWireErrorCode(answer?.code) ? answer.code : undefined;
  const msg = `${what} failed (HTTP ${status}${text ? `: ${text}` : ''})`;
  const kind = (code && kindOfCode[code]) ?? kindOfStatus(status);
  return new ApiError(kind, msg, status, text, code);
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
