/**
 * Every failure the server can answer, by stable code: its HTTP status and the message a
 * client shows. Error bodies are `{"error": message, "code": code}`; old Ge.tt clients read
 * only `error` (the first strings match the original service, clients compare them), the app
 * maps `code`. Codes never change meaning; new ones are added at the end.
 */
export const wireErrors = {
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
  invalidRequest: [400, 'the request is not valid'],
  contentLengthMismatch: [400, 'Content-Length does not match the body sent'],
  // Resumable uploads (tus 1.0.0).
  tusBadVersion: [412, 'this server speaks tus 1.0.0: send Tus-Resumable: 1.0.0'],
  tusBadLength: [
    400,
    'Upload-Length is missing or not a whole number of bytes: send the size of the file',
  ],
  tusDeferredLength: [400, 'Upload-Defer-Length is not supported: send Upload-Length'],
  tusBadOffset: [
    400,
    'Upload-Offset is missing or not a whole number: HEAD the upload to learn it',
  ],
  tusOffsetMismatch: [409, 'Upload-Offset does not match the bytes received: HEAD the upload'],
  tusBadContentType: [415, 'PATCH bodies must have Content-Type: application/offset+octet-stream'],
  tusTooLong: [413, 'the request sends more bytes than Upload-Length announced'],
  tusUploadNotFound: [
    404,
    'this upload does not exist any more: create a new one with POST to the tusurl',
  ],
  tusUploadReplaced: [
    409,
    'a newer upload to this file replaced this one: create a new one to upload again',
  ],
  tusInterrupted: [
    400,
    'the request ended before its whole body arrived; the bytes received are kept: HEAD the upload',
  ],
  tusWriteFailed: [
    507,
    'the server could not store the bytes (its disk may be full): try again later',
  ],
  tusUploadStopped: [409, 'a newer request to this upload replaced this one: HEAD the upload'],
  // Limits on what anonymous clients can make the server do.
  busy: [503, 'the server is busy checking other passwords: retry in a few seconds'],
  tooManySignups: [429, 'too many sign-ups from this address: try again later'],
  crossOrigin: [
    403,
    'this form was sent from another site: open the page on this server and send it again',
  ],
  shareFull: [409, 'this share is full: put the other files in a new share'],
  imageTooLarge: [
    415,
    'the picture has too many pixels for a thumbnail or scaled version: download it instead',
  ],
  imageBusy: [503, 'the server is busy making other previews: retry in a few seconds'],
  // Answers of the HTTP layer, before any route runs.
  badUrl: [400, 'the URL is not valid (it has a broken %-escape): check the link'],
  urlTooLong: [414, 'a part of the URL is too long to be a share name, file id or token'],
  headersTooLarge: [431, 'the request headers are too large: send fewer or smaller cookies'],
  badHttpRequest: [400, 'the request is not valid HTTP: check the client or proxy sending it'],
  requestTimeout: [408, 'the request headers took too long to arrive: send the request again'],
  // Links that end: expiry, download limits, passwords.
  badExpires: [
    400,
    'expires must be a future time in unix seconds (a whole number), or null for no expiry',
  ],
  expiryTooLate: [400, 'expires is later than this server allows: choose an earlier time'],
  expiryRequired: [400, 'this server keeps shares only for a while: send expires (unix seconds)'],
  badMaxDownloads: [
    400,
    'maxdownloads must be a whole number from 1 to 1000000 (downloads per file), or null for no limit',
  ],
  badSharePassword: [
    400,
    'password must be a string of 1 to 1000 characters; null or "" removes the password',
  ],
  downloadLimitReached: [
    410,
    'this file has reached its download limit: ask the sender to share it again',
  ],
  // Limits on connections and bodies (server/README.md, Limits).
  tooManyConnections: [503, 'the server has too many open connections: try again in a few seconds'],
  tooManyConnectionsFromAddress: [
    429,
    'too many open connections from your address: close some or wait for transfers to end, then try again',
  ],
  bodyIdle: [
    408,
    'the request body stopped arriving, so the server closed the request: send it again (a resumable upload goes on from where it stopped)',
  ],
  // Links that end: passwords (POST /1/shares/<sharename>/unlock).
  sharePasswordRequired: [
    401,
    'this share is protected by a password: unlock it with POST /1/shares/<sharename>/unlock {"password": "..."} and add ?unlocktoken=... to the URL',
  ],
  badUnlockToken: [
    401,
    'the unlocktoken is not valid for this share (expired, or the password changed): unlock the share again',
  ],
  wrongSharePassword: [
    401,
    'wrong password for this share: check it with the person who sent the link',
  ],
  tooManyUnlocks: [429, 'too many wrong passwords were tried for this share: wait, then try again'],
  shareNotProtected: [400, 'this share has no password: read it without unlocking'],
} as const satisfies Record<string, readonly [number, string]>;

export type WireErrorCode = keyof typeof wireErrors;

/** The body of every non-2xx JSON answer. `code` is absent only from servers that predate it. */
export interface WireErrorBody {
  readonly error: string;
  readonly code?: WireErrorCode;
}

const codes = new Set<string>(Object.keys(wireErrors));

/** Narrows a code read off the wire (unknown codes from a newer server are ignored). */
export function isWireErrorCode(value: unknown): value is WireErrorCode {
  return typeof value === 'string' && codes.has(value);
}
