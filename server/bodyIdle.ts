/**
 * Request bodies that stop arriving are cut: a request whose body sent nothing for `idleMs`
 * gets 408 `bodyIdle` and its connection is closed, so connections that send headers and a
 * byte and then wait cannot pile up. Only silence counts: a slow upload that keeps sending
 * (tus, PUT, POST) runs as long as it needs, and time the server itself is not reading (its
 * disk is behind, the body waits for a handler) is never held against the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WireErrorBody } from '../shared/wireErrors.js';
import { errorTable } from './errors.js';

/** Default of `--body-idle-seconds`. */
export const DEFAULT_BODY_IDLE_SECONDS = 30;

/** How long a cut connection may take to read its 408 before it is closed anyway. */
const CLOSE_MS = 2000;

interface Watched {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly socket: Socket;
  bytes: number;
  since: number;
}

/** True when the request announces a body (a length above 0, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

export class BodyIdleWatch {
  readonly #idleMs: number;
  readonly #watched = new Set<Watched>();
  #timer: NodeJS.Timeout | undefined;

  /** `idleMs` 0 turns the watch off. */
  constructor(idleMs: number) {
    this.#idleMs = idleMs;
  }

  /** Watches the body of `req` until it has arrived in full or the connection closes. */
  watch(req: IncomingMessage, res: ServerResponse): void {
    if (this.#idleMs <= 0 || req.complete || !hasBody(req)) return;
    const socket = req.socket;
    const entry: Watched = { req, res, socket, bytes: socket.bytesRead, since: Date.now() };
    this.#watched.add(entry);
    const forget = (): void => {
      this.#watched.delete(entry);
      if (this.#watched.size === 0) this.#stopTimer();
    };
    req.once('end', forget);
    req.once('close', forget);
    socket.once('close', forget);
    if (!this.#timer) {
      // Checked a few times per period: a body is cut between idleMs and 1.25 × idleMs.
      this.#timer = setInterval(
        () => this.#sweep(),
        Math.max(50, Math.min(1000, this.#idleMs / 4)),
      );
      this.#timer.unref();
    }
  }

  close(): void {
    this.#stopTimer();
    this.#watched.clear();
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sweep(): void {
    const now = Date.now();
    for (const entry of [...this.#watched]) {
      const { req, socket } = entry;
      if (req.complete || socket.destroyed) {
        this.#watched.delete(entry);
        continue;
      }
      // Bytes arrived, or the server is the one not reading (back-pressure, a handler that has
      // not taken the body yet): the client is not idle.
      if (socket.bytesRead !== entry.bytes || socket.isPaused()) {
        entry.bytes = socket.bytesRead;
        entry.since = now;
        continue;
      }
      if (now - entry.since < this.#idleMs) continue;
      this.#watched.delete(entry);
      this.#cut(entry);
    }
    if (this.#watched.size === 0) this.#stopTimer();
  }

  #cut({ req, res, socket }: Watched): void {
    const seconds = Math.round(this.#idleMs / 1000);
    const [status, message] = errorTable.bodyIdle;
    const body: WireErrorBody = {
      error: `${message} (nothing arrived for ${seconds} s)`,
      code: 'bodyIdle',
    };
    // The request stream ends with an error, so whatever reads the body sees it cut off (an
    // upload rolls back; a tus PATCH keeps what arrived); that also closes the connection.
    // Node no longer ties a request to its socket once the response is done, so this is
    // done here rather than left to the socket closing.
    const close = (): void => {
      req.destroy(new Error(`the request body sent nothing for ${seconds} s`));
      socket.destroy();
    };
    const timer = setTimeout(close, CLOSE_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    if (res.headersSent) return close();
    // The handler's own answer, once it sees the body end, goes nowhere.
    res.shouldKeepAlive = false;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      connection: 'close',
    });
    res.end(JSON.stringify(body), close);
  }
}
