/**
 * Server-side errors: routes throw `fail(code)`; the error handler in app.ts turns it into
 * `{"error": message, "code": code}`. The table itself is shared with the app
 * (`shared/wireErrors.ts`).
 */
import { wireErrors, type WireErrorCode } from '../shared/wireErrors.js';

export const errorTable = wireErrors;
export type ErrorCode = WireErrorCode;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
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
