/**
 * The connection hub: who is connected for which account and session, the heartbeat, and event
 * fan-out. Transports (WebSocket, jsonsocket) feed it text frames; it answers `ping` with `pong`,
 * authenticates `connect`, and sends only validated events (see frames.ts).
 */
import { ConnectMessageSchema, PING, PONG, type LiveEvent } from '../../shared/live.js';
import { closeCodes, encodeEvent, type LiveTransport, type TransportEvents } from './frames.js';

/** Resolves an access token to its user id, or null when it is unknown or expired. */
export type VerifyToken = (accesstoken: string) => Promise<string | null> | string | null;

export interface LiveHubOptions {
  verifyToken: VerifyToken;
  /** How often connections are pinged; one missed pong drops them. Ge.tt used 60 s. */
  pingIntervalMs?: number;
  /** Called with problems worth logging (bad frames are normal and not reported). */
  onError?: (err: unknown) => void;
  /**
   * Live connections one account may hold after `connect` (0 = no limit). Past it the oldest
   * one is closed (see `#evictPastCap`). Default DEFAULT_MAX_LIVE_PER_USER.
   */
  maxPerUser?: number;
  /** Told when a connection was closed to make room under `maxPerUser`. */
  onEvicted?: (userid: string) => void;
}

/**
 * Live connections per account by default. The app and every old client keep one per running
 * program, so 16 leaves room for one person's machines and scripts, while one stolen or shared
 * token cannot hold thousands (each event of the account is written to every one of them).
 */
export const DEFAULT_MAX_LIVE_PER_USER = 16;

interface Connection {
  readonly transport: LiveTransport;
  userid: string | null;
  session: string | null;
  /** A ping went out and nothing came back yet. */
  awaitingPong: boolean;
  /** Heartbeat ticks seen without a successful `connect`. */
  anonymousTicks: number;
  closed: boolean;
}

type SessionListener = (userid: string, session: string) => void;

const MAX_FRAME_CHARS = 64 * 1024;

export class LiveHub {
  readonly #verifyToken: VerifyToken;
  readonly #onError: (err: unknown) => void;
  readonly #maxPerUser: number;
  readonly #onEvicted: (userid: string) => void;
  readonly #connections = new Set<Connection>();
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #sessionListeners = new Set<SessionListener>();
  readonly #timer: NodeJS.Timeout;

  constructor(options: LiveHubOptions) {
    this.#verifyToken = options.verifyToken;
    this.#onError = options.onError ?? (() => undefined);
    this.#maxPerUser = options.maxPerUser ?? DEFAULT_MAX_LIVE_PER_USER;
    this.#onEvicted = options.onEvicted ?? (() => undefined);
    const interval = options.pingIntervalMs ?? 60_000;
    this.#timer = setInterval(() => this.#heartbeat(), interval);
    this.#timer.unref();
  }

  /** Registers a new connection; the transport reports its frames through the result. */
  attach(transport: LiveTransport): TransportEvents {
    const conn: Connection = {
      transport,
      userid: null,
      session: null,
      awaitingPong: false,
      anonymousTicks: 0,
      closed: false,
    };
    this.#connections.add(conn);
    return {
      receive: (text) => this.#receive(conn, text),
      closed: () => this.#forget(conn),
    };
  }

  /** Sends the event to every live connection of the account; returns how many got it. */
  sendToUser(userid: string, event: LiveEvent): number {
    const frame = encodeEvent(event);
    const conns = this.#byUser.get(userid);
    if (!conns) return 0;
    for (const conn of conns) conn.transport.send(frame);
    return conns.size;
  }

  /** True while a connection of this user that sent `connect` with this session is open. */
  isSessionLive(userid: string, session: string): boolean {
    for (const conn of this.#byUser.get(userid) ?? []) {
      if (conn.session === session) return true;
    }
    return false;
  }

  /** True while the user has any connected live client. */
  isUserLive(userid: string): boolean {
    return (this.#byUser.get(userid)?.size ?? 0) > 0;
  }

  /** Calls `listener` whenever a session (re)connects; returns an unsubscribe function. */
  onSessionLive(listener: SessionListener): () => void {
    this.#sessionListeners.add(listener);
    return () => this.#sessionListeners.delete(listener);
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Stops the heartbeat and closes every connection. */
  close(): void {
    clearInterval(this.#timer);
    for (const conn of [...this.#connections]) {
      conn.transport.close(closeCodes.shuttingDown, 'server shutting down');
      this.#forget(conn);
    }
  }

  #receive(conn: Connection, text: string): void {
    if (conn.closed) return;
    conn.awaitingPong = false;
    const trimmed = text.trim();
    if (trimmed === PING) return conn.transport.send(PONG);
    if (trimmed === PONG || trimmed === '' || trimmed.length > MAX_FRAME_CHARS) return;
    let message: unknown;
    try {
      message = JSON.parse(trimmed);
    } catch {
      return;
    }
    if (isTyped(message, 'ping')) return conn.transport.send(PONG);
    if (!isTyped(message, 'connect')) return;
    const parsed = ConnectMessageSchema.safeParse(message);
    if (!parsed.success) {
      conn.transport.close(closeCodes.badToken, 'connect needs accesstoken and session');
      return this.#forget(conn);
    }
    void this.#connect(conn, parsed.data.accesstoken, parsed.data.session);
  }

  async #connect(conn: Connection, accesstoken: string, session: string): Promise<void> {
    let userid: string | null;
    try {
      userid = await this.#verifyToken(accesstoken);
    } catch (err) {
      this.#onError(err);
      userid = null;
    }
    if (conn.closed) return;
    if (userid === null) {
      conn.transport.close(closeCodes.badToken, 'invalid or expired access token');
      return this.#forget(conn);
    }
    if (conn.userid !== null && conn.userid !== userid) this.#byUser.get(conn.userid)?.delete(conn);
    conn.userid = userid;
    conn.session = session;
    let set = this.#byUser.get(userid);
    if (!set) this.#byUser.set(userid, (set = new Set()));
    set.add(conn);
    this.#evictPastCap(set, conn);
    for (const listener of this.#sessionListeners) {
      try {
        listener(userid, session);
      } catch (err) {
        this.#onError(err);
      }
    }
  }

  /**
   * Past the cap the account's oldest connection goes, never the new one: a client whose
   * network dropped reconnects while the server still holds its dead connection (no FIN
   * arrives; the heartbeat notices only after up to two periods), and refusing the new one
   * would lock that client out by its own ghosts. A connection of the same session goes
   * first, as it is the ghost of the one that just came back.
   */
  #evictPastCap(set: Set<Connection>, conn: Connection): void {
    if (this.#maxPerUser <= 0) return;
    while (set.size > this.#maxPerUser) {
      let victim: Connection | undefined;
      for (const other of set) {
        if (other === conn) continue;
        if (other.session === conn.session) {
          victim = other;
          break;
        }
        victim ??= other;
      }
      if (!victim) return;
      victim.transport.close(
        closeCodes.tooManyForUser,
        `more than ${this.#maxPerUser} live connections for this account; the oldest was closed`,
      );
      this.#forget(victim);
      if (conn.userid !== null) this.#onEvicted(conn.userid);
    }
  }

  #heartbeat(): void {
    // Every connection is pinged each tick (old clients run watchdogs on server traffic);
    // a connection that sent nothing since the previous ping is dropped.
    for (const conn of [...this.#connections]) {
      if (conn.awaitingPong) {
        conn.transport.close(closeCodes.heartbeatMissed, 'no pong to the last ping');
        this.#forget(conn);
        continue;
      }
      // A connection gets one full period to send `connect`; idle anonymous ones cost memory.
      if (conn.userid === null && ++conn.anonymousTicks > 1) {
        conn.transport.close(
          closeCodes.noConnect,
          'send connect with an accesstoken and a session',
        );
        this.#forget(conn);
        continue;
      }
      conn.awaitingPong = true;
      conn.transport.send(PING);
    }
  }

  #forget(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    this.#connections.delete(conn);
    if (conn.userid === null) return;
    const set = this.#byUser.get(conn.userid);
    set?.delete(conn);
    if (set?.size === 0) this.#byUser.delete(conn.userid);
  }
}

function isTyped(message: unknown, type: string): boolean {
  return (
    typeof message === 'object' && message !== null && 'type' in message && message.type === type
  );
}
