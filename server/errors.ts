/**
 * Server-side errors: routes throw `fail(code)`; the error handler in app.ts turns it into
 * `{"error": message, "code": code}`. The table itself is shared with the app
 * (`shared/wireErrors.ts`).
 */
import { STATUS_CODES } from 'node:http';
import { wireErrors, type WireErrorBody, type WireErrorCode } from '../shared/wireErrors.js';

export const errorTable = wireErrors;
export type ErrorCode = WireErrorCode;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    /** Seconds to send in Retry-After, when they depend on the case (rate limits). */
    readonly retryAfter?: number,
  ) {
    const [status, message] = errorTable[code];
    super(detail ? `${message} (${detail})` : message);
    this.status = status;
  }
}

/** Throws the expected protocol error `code`, optionally with a detail for the reader. */
export function fail(code: ErrorCode, detail?: string): never {
  throw new ApiError(code, detail);
}

/** The one shape of an error body: the message old clients read, and the code the app maps. */
export function errorBody(code: ErrorCode, error: string = errorTable[code][1]): WireErrorBody {
  return { error, code };
}

/**
 * A whole HTTP/1.1 error response as bytes, for the answers written straight to a socket
 * before Fastify has a request (requests that are not HTTP, oversized headers).
 */
export function rawErrorResponse(code: ErrorCode): string {
  const [status] = errorTable[code];
  const body = JSON.stringify(errorBody(code));
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
