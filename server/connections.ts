/**
 * Connection limits, checked on the raw TCP connection before anything reads from it: at
 * most `perAddress` open connections from one client address (IPv6 by /64, as the rate
 * limits count) and `total` in all. A connection over a limit gets a short 503 (a JSON
 * `{"error", "code"}` body every HTTP client can show, which a jsonsocket client reads as a
 * failed upgrade) and is closed, so one client holding connections open cannot take every
 * file descriptor and lock everyone else out.
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { errorTable, type ErrorCode } from './errors.js';
import { addressKey } from './auth/identity.js';

export interface ConnectionLimits {
  /** Open connections one address may hold; 0 = no limit. */
  readonly perAddress: number;
  /** Open connections in all; 0 = no limit. */
  readonly total: number;
}

/** Defaults of `gett-server serve` and startServer (see server/README.md, Limits). */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { perAddress: 256, total: 10_000 };

/** Refused connections still closing at once; beyond this they are cut without an answer. */
const MAX_LINGERING = 256;
/** How long a refused connection may take to read its answer. */
const LINGER_MS = 2000;

type ConnectionListener = (socket: Socket) => void;

export interface ConnectionGate {
  /** Open connections that were let in. */
  readonly open: number;
  /** Connections refused since the server started. */
  readonly refused: number;
}

function refusal(code: ErrorCode): string {
  const [status, error] = errorTable[code];
  const body = JSON.stringify({ error, code });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Retry-After: 10\r\nConnection: close\r\n\r\n' +
    body
  );
}

/**
 * Puts the limits in front of every 'connection' listener the server has now (HTTP, the
 * jsonsocket sniffer); call it once those are installed. Limits of 0 let everything through.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): ConnectionGate {
  const listeners = server.listeners('connection') as ConnectionListener[];
  server.removeAllListeners('connection');
  const byAddress = new Map<string, number>();
  let open = 0;
  let refused = 0;
  let lingering = 0;

  const refuse = (socket: Socket, code: ErrorCode): void => {
    refused++;
    socket.on('error', () => undefined);
    if (lingering >= MAX_LINGERING) {
      socket.destroy();
      return;
    }
    lingering++;
    // Read (and drop) what the client sends, so closing does not reset the answer away.
    socket.resume();
    socket.end(refusal(code));
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      lingering--;
    });
  };

  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress ?? '');
    const fromThere = byAddress.get(key) ?? 0;
    if (limits.total > 0 && open >= limits.total) return refuse(socket, 'tooManyConnections');
    if (limits.perAddress > 0 && fromThere >= limits.perAddress) {
      return refuse(socket, 'tooManyConnectionsFromAddress');
    }
    open++;
    byAddress.set(key, fromThere + 1);
    socket.once('close', () => {
      open--;
      const left = (byAddress.get(key) ?? 1) - 1;
      if (left > 0) byAddress.set(key, left);
      else byAddress.delete(key);
    });
    for (const listener of listeners) listener.call(server, socket);
  });
  return {
    get open() {
      return open;
    },
    get refused() {
      return refused;
    },
  };
}
