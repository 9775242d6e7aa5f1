/**
 * The Live API socket as a state machine: closed → connecting → open → (lost) → connecting …
 * It sends `connect` with the same session on every (re)connect, answers `ping` with `pong`,
 * pings the server itself to notice a dead link, and retries with backoff + jitter that
 * resets after a good connection. A refused token is retried once with a fresh one; a second
 * refusal stops the loop and reports `authFailed`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { PING, PONG, parseServerFrame, type LiveEvent } from '../../shared/live';
import { silentLogger, type Logger } from '../../shared/log';
import type { ConnectionStatus } from '../../shared/model';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';

export type LiveState = 'closed' | 'connecting' | 'open';

export interface LiveClientOptions {
  /** The server's base URL (http or https); the socket goes to its root path. */
  serverUrl: string;
  session: string;
  /** An access token; `fresh` asks for a newly issued one after the server refused ours. */
  accessToken(fresh: boolean): Promise<string>;
  backoff?: BackoffOptions;
  /** How often we ping, and how long silence may last before the link counts as dead. */
  heartbeatMs?: number;
  silenceMs?: number;
  random?: () => number;
  logger?: Logger;
}

export interface LiveListeners {
  status(status: ConnectionStatus): void;
  event(event: LiveEvent): void;
  /** A connection opened; `again` is true when it replaced a lost one. */
  opened(again: boolean): void;
  authFailed(err: unknown): void;
  /** The server pinged and we answered (the heartbeat works). */
  pinged(): void;
}

/** Close codes and HTTP statuses that mean "your token is not accepted". */
const AUTH_CLOSE_CODES = new Set([1008, 4001]);

export class LiveClient {
  private state: LiveState = 'closed';
  private socket: WebSocket | null = null;
  private abort = new AbortController();
  private attempt = 0;
  private everOpened = false;
  private authRetried = false;
  private lastStatus: ConnectionStatus | null = null;
  private readonly log: Logger;
  private readonly listeners: Partial<LiveListeners>;

  constructor(
    private readonly options: LiveClientOptions,
    listeners: Partial<LiveListeners> = {},
  ) {
    this.log = (options.logger ?? silentLogger).child('live');
    this.listeners = listeners;
  }

  get current(): LiveState {
    return this.state;
  }

  get session(): string {
    return this.options.session;
  }

  /** Starts connecting (no-op when already running). */
  start(): void {
    if (this.state !== 'closed') return;
    this.abort = new AbortController();
    this.run(false);
  }

  /** Closes the socket and cancels any pending reconnect. */
  stop(): void {
    this.abort.abort();
    this.state = 'closed';
    const s = this.socket;
    this.socket = null;
    if (s) s.terminate();
    this.emitStatus('offline');
  }

  /** Connects; an unexpected failure (e.g. a malformed server URL) stops with a log line. */
  private run(fresh: boolean): void {
    this.connect(fresh).catch((err: unknown) => {
      this.log.error('live connection failed', { err });
      this.state = 'closed';
      this.emitStatus('offline');
    });
  }

  private async connect(fresh: boolean): Promise<void> {
    const signal = this.abort.signal;
    this.state = 'connecting';
    this.emitStatus(this.everOpened ? 'reconnecting' : 'connecting');
    let token: string;
    try {
      token = await this.options.accessToken(fresh);
    } catch (err) {
      if (signal.aborted) return;
      if (isAuthError(err)) return this.failAuth(err);
      return this.scheduleReconnect(signal);
    }
    if (signal.aborted) return;

    const url = new URL('/', this.options.serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    this.socket = ws;
    let lastSeen = Date.now();
    let heartbeat: NodeJS.Timeout | undefined;
    let refused = false;

    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'connect', accesstoken: token, session: this.session }));
      this.state = 'open';
      const again = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.emitStatus('online');
      this.listeners.opened?.(again);
      heartbeat = setInterval(() => {
        if (Date.now() - lastSeen > (this.options.silenceMs ?? 90_000)) ws.terminate();
        else if (ws.readyState === WebSocket.OPEN) ws.send(PING);
      }, this.options.heartbeatMs ?? 30_000);
      heartbeat.unref();
    });
    ws.on('message', (data: WebSocket.RawData) => {
      lastSeen = Date.now();
      const frame = parseServerFrame(rawToString(data));
      if (frame === PING) {
        ws.send(PONG);
        this.listeners.pinged?.();
      } else if (frame !== null && frame !== PONG) {
        this.authRetried = false; // the server accepted our token
        this.listeners.event?.(frame);
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      refused = res.statusCode === 401 || res.statusCode === 403;
      ws.terminate();
    });
    ws.on('error', (err) => this.log.debug('socket error', { message: err.message }));
    ws.on('close', (code) => {
      clearInterval(heartbeat);
      if (this.socket !== ws || signal.aborted) return;
      this.socket = null;
      if (refused || AUTH_CLOSE_CODES.has(code)) {
        if (this.authRetried) return this.failAuth(new Error(`live socket refused (${code})`));
        this.authRetried = true;
        this.state = 'connecting';
        this.run(true);
        return;
      }
      this.scheduleReconnect(signal);
    });
  }

  private scheduleReconnect(signal: AbortSignal): void {
    this.state = 'connecting';
    this.emitStatus(this.everOpened ? 'reconnecting' : 'connecting');
    const delay = backoffDelay(
      this.attempt++,
      this.options.backoff ?? defaultBackoff,
      this.options.random,
    );
    this.log.debug('reconnecting', { delay });
    sleep(delay, undefined, { signal }).then(
      () => this.run(false),
      () => {}, // aborted by stop()
    );
  }

  private failAuth(err: unknown): void {
    this.log.warn('live sign-in refused; not reconnecting', { err });
    this.state = 'closed';
    this.emitStatus('offline');
    this.listeners.authFailed?.(err);
  }

  private emitStatus(status: ConnectionStatus): void {
    if (status === this.lastStatus) return;
    this.lastStatus = status;
    this.listeners.status?.(status);
  }
}

function isAuthError(err: unknown): boolean {
  const kind = (err as { kind?: unknown } | null)?.kind;
  return kind === 'unauthorized' || kind === 'credentials';
}

function rawToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
