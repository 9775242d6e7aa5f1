/**
 * The tus 1.0.0 wire details this server speaks (core + creation + termination): header
 * names, the version check, and the errors each with its status and a message saying what
 * to do. https://tus.io/protocols/resumable-upload
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { wireErrors, type WireErrorCode } from '../../shared/wireErrors.js';

export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,termination';
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

/** A tus failure; its code and message come from the shared wire table. */
export class TusError extends Error {
  readonly status: number;
  constructor(
    readonly code: Extract<WireErrorCode, `tus${string}`>,
    detail?: string,
  ) {
    const [status, message] = wireErrors[code];
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
  if (req.headers['tus-resumable'] !== TUS_VERSION) throw new TusError('tusBadVersion');
}

/** A non-negative integer header, or undefined when absent or malformed. */
export function intHeader(req: FastifyRequest, name: string): number | undefined {
  const raw = req.headers[name];
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}
