/**
 * What may cross a live connection from the server: the four event types of the Ge.tt Live API
 * and the bare heartbeats. Old clients (PETT, JETT) crash on any other `type`, so every outgoing
 * frame is built here and nowhere else.
 */
import type { PING, PONG } from '../../shared/live.js';
import { LiveEventSchema, type LiveEvent } from '../../shared/live.js';

/** A frame the server is allowed to write: an encoded event or a heartbeat. */
export type ServerFrame = typeof PING | typeof PONG | EncodedEvent;

/** JSON text of a validated event; the brand keeps arbitrary strings out of `send`. */
export type EncodedEvent = string & { readonly __liveEvent: true };

/** Validates the event (dropping unknown fields) and encodes it; throws on anything else. */
export function encodeEvent(event: LiveEvent): EncodedEvent {
  const parsed = LiveEventSchema.parse(event);
  return JSON.stringify(parsed) as EncodedEvent;
}

/** One end of a live connection, whatever carries it (WebSocket or jsonsocket lines). */
export interface LiveTransport {
  readonly kind: 'websocket' | 'jsonsocket';
  /** Writes exactly one frame on its own. */
  send(frame: ServerFrame): void;
  /** Ends the connection; `reason` is shown to WebSocket clients. */
  close(code: number, reason: string): void;
}

/** What a transport tells the hub about its connection. */
export interface TransportEvents {
  receive(text: string): void;
  closed(): void;
}

/** Close codes (WebSocket private range); jsonsocket just closes the socket. */
export const closeCodes = {
  badToken: 4001,
  heartbeatMissed: 4002,
  tooSlow: 4003,
  noConnect: 4004,
  /** The account opened more live connections than the server allows; this was the oldest. */
  tooManyForUser: 4005,
  shuttingDown: 1001,
} as const;
