/**
 * Every failure a client can cause, with its status and a message saying what happened and
 * what to do. Routes throw `fail(code)`; the error handler in app.ts turns it into
 * `{"error": "..."}`. The first strings match the original service (clients compare them).
 */
export const errorTable = {
  shareNotFound: [404, 'share not found'],
  fileNotFound: [404, 'file not found'],
  notFound: [404, 'not found'],
  wrongCredentials: [401, 'Wrong email or password'],
  notYourShare: [403, "share doesn't belong to authenticated user"],
  malformedJson: [
    400,
    'the request body is not valid JSON; send a JSON object such as {"title": "Holiday"}',
  ],
  bodyNotObject: [400, 'the request body must be a JSON object such as {"title": "Holiday"}'],
  bodyTooLarge: [413, 'the request body is too large; API calls take small JSON objects'],
  invalidField: [400, 'a field in the request is not valid'],
  missingToken: [
    401,
    'accesstoken is missing: log in with POST /1/users/login and add ?accesstoken=... to the URL',
  ],
  invalidToken: [401, 'accesstoken is not valid: log in again'],
  expiredToken: [401, 'accesstoken has expired: log in again with your refreshtoken'],
  invalidRefreshToken: [
    401,
    'refreshtoken is not valid or was revoked: log in with email, password and apikey',
  ],
  invalidApiKey: [401, 'apikey is not valid: create an app at /developers to get one'],
  tooManyAttempts: [429, 'too many failed logins: wait 15 minutes, then try again'],
  shareRemoved: [410, 'the share was removed; create a new share'],
  badSignature: [403, 'this link is not valid: ask the API for a fresh one'],
  expiredSignature: [403, 'this link has expired: ask the API for a fresh one'],
  storageLimit: [413, 'storage limit reached: delete some files, then upload again'],
  notUploadedYet: [
    409,
    'the file has not been uploaded yet and its uploader is not online; try again later',
  ],
  uploaderTimeout: [
    409,
    'the uploader did not start sending the file in time; try again in a moment',
  ],
  uploadInterrupted: [
    400,
    'the upload ended before the whole body arrived; nothing was stored, upload again',
  ],
  uploadSuperseded: [409, 'a newer upload to this file replaced this one'],
  fileRemoved: [410, 'the file was removed'],
  notAnImage: [415, 'this file is not an image, so it has no thumbnail or scaled version'],
  imageNotReady: [409, 'the file is not fully uploaded yet; thumbnails exist once it is'],
  badSize: [400, 'size must look like 200x100, x100 or 200x (at most 4096 pixels a side)'],
  noFilePart: [400, 'the multipart body has no file part: send the file as a form field'],
  badMultipart: [400, 'the multipart body is malformed: send multipart/form-data with one file'],
  badRange: [416, 'the requested range is outside the file'],
  signupClosed: [403, 'sign-up is closed on this server: ask its operator for an account'],
  emailTaken: [409, 'an account with this email already exists: log in instead'],
  serverClosing: [503, 'the server is shutting down: retry in a moment'],
  internal: [500, 'internal server error'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof errorTable;

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
