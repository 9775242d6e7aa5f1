/**
 * The tus 1.0.0 wire details this server speaks (core + creation + termination): header
 * names, the version check, and the errors each with its status and a message saying what
 * to do. https://tus.io/protocols/resumable-upload
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,termination';
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

export const tusErrors = {
  badVersion: [412, `this server speaks tus ${TUS_VERSION}: send Tus-Resumable: ${TUS_VERSION}`],
  badLength: [
    400,
    'Upload-Length is missing or not a whole number of bytes: send the size of the file',
  ],
  deferredLength: [400, 'Upload-Defer-Length is not supported: send Upload-Length'],
  badOffset: [400, 'Upload-Offset is missing or not a whole number: HEAD the upload to learn it'],
  offsetMismatch: [409, 'Upload-Offset does not match the bytes received: HEAD the upload'],
  badContentType: [415, `PATCH bodies must have Content-Type: ${OFFSET_CONTENT_TYPE}`],
  tooLong: [413, 'the request sends more bytes than Upload-Length announced'],
  uploadNotFound: [
    404,
    'this upload does not exist any more: create a new one with POST to the tusurl',
  ],
  uploadReplaced: [
    409,
    'a newer upload to this file replaced this one: create a new one to upload again',
  ],
  interrupted: [
    400,
    'the request ended before its whole body arrived; the bytes received are kept: HEAD the upload',
  ],
  writeFailed: [
    507,
    'the server could not store the bytes (its disk may be full): try again later',
  ],
  uploadStopped: [409, 'a newer request to this upload replaced this one: HEAD the upload'],
} as const satisfies Record<string, readonly [number, string]>;

export class TusError extends Error {
  readonly status: number;
  constructor(code: keyof typeof tusErrors, detail?: string) {
    const [status, message] = tusErrors[code];
    super(detail ? `${message} (${detail})` : message);
    this.status = status;
  }
}

/** Tus-Resumable on every answer, as the protocol requires. */
export function tusHeaders(reply: FastifyReply): void {
  reply.header('tus-resumable', TUS_VERSION);
  reply.header('tus-version', TUS_VERSION);
}

/** Refuses requests that do not speak our tus version (412, naming the versions we speak). */
export function checkVersion(req: FastifyRequest): void {
  if (req.headers['tus-resumable'] !== TUS_VERSION) throw new TusError('badVersion');
}

/** A non-negative integer header, or undefined when absent or malformed. */
export function intHeader(req: FastifyRequest, name: string): number | undefined {
  const raw = req.headers[name];
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}
