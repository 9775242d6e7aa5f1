/**
 * The standard RFC 6455 WebSocket transport (Gett.NET, browsers, our app) at `/` and `/1/live`,
 * on the same port as the REST API.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { rawErrorResponse } from '../errors.js';
import { closeCodes, type LiveTransport, type TransportEvents } from './frames.js';

export const livePaths: readonly string[] = ['/', '/1/live'];

/** A client that stopped reading may hold this much of our output before it is dropped. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Serves WebSocket upgrades on the live paths; other upgrade requests get a 404. */
export function installWebSocket(
  server: Server,
  accept: (transport: LiveTransport) => TransportEvents,
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === undefined || !livePaths.includes(path)) {
      socket.end(rawErrorResponse('notFound'));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, accept));
  });
  return wss;
}

function serve(ws: WebSocket, accept: (transport: LiveTransport) => TransportEvents): void {
  const transport: LiveTransport = {
    kind: 'websocket',
    send(frame) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(closeCodes.tooSlow, 'client is not reading');
        return;
      }
      ws.send(frame);
    },
    close(code, reason) {
      ws.close(code, reason);
      // A peer that never answers the close handshake must not hold the server open.
      setTimeout(() => ws.terminate(), 1000).unref();
    },
  };
  const events = accept(transport);
  ws.on('message', (data, isBinary) => {
    if (!isBinary) events.receive(rawToText(data));
  });
  ws.on('close', () => events.closed());
  ws.on('error', () => ws.terminate());
}

function rawToText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
