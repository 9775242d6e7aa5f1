/** startServer: opens a data dir, builds the server and listens. Used by the CLI, the app and tests. */
import type { AddressInfo, Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../shared/log.js';
import { silentLogger } from '../shared/log.js';
import { buildServer } from './app.js';
import { DEFAULT_CONNECTION_LIMITS, limitConnections } from './connections.js';
import type { ServerExtension } from './context.js';
import { openDataDir, recover } from './data.js';
import type { LoginLimits } from './auth/rateLimit.js';
import { lockDataDir } from './lock.js';
import { serverExtensions } from './extensions.js';

export interface ServerOptions {
  /** Default 127.0.0.1 (embedded); use 0.0.0.0 to serve a LAN or behind a proxy. */
  host?: string;
  /** 0 picks a free port. Default 0. */
  port?: number;
  dataDir: string;
  /** Base URL put in links (getturl, puturl…). Default: the listening URL. */
  publicUrl?: string;
  /** Whether /signup creates accounts. Default closed; the CLI defaults to open. */
  signup?: 'open' | 'closed';
  /** Sign-ups per address per hour (0 = no limit). Default 5. */
  signupsPerHour?: number;
  blocklistFile?: string;
  logger?: Logger;
  /** Trust X-Forwarded-For from a reverse proxy. */
  trustProxy?: boolean;
  /** Days a refresh token may go unused before it expires (0 = never). Default 30. */
  refreshIdleDays?: number;
  /** Files one share may hold (0 = no cap). Default 10,000. */
  maxFilesPerShare?: number;
  /** Bytes of cached thumbnails and scaled images (0 = no bound). Default 256 MiB. */
  thumbCacheBytes?: number;
  /** Seconds a new share lives when its creator names no expiry (0 = forever). Default 0. */
  defaultExpirySeconds?: number;
  /** Longest lifetime a share may be given, in seconds (0 = no bound). Default 0. */
  maxExpirySeconds?: number;
  /** Whether shares may live forever. Default true (old clients name no expiry). */
  allowNoExpiry?: boolean;
  /** Open connections in all (0 = no limit). Default 10,000. */
  maxConnections?: number;
  /**
   * Open connections from one address, IPv6 by /64 (0 = no limit). Default 256, or no limit
   * with `trustProxy` (every connection then comes from the proxy: limit at the proxy).
   */
  maxConnectionsPerAddress?: number;
  /** Seconds a request body may send nothing before it is cut with a 408 (0 = never). Default 30. */
  bodyIdleSeconds?: number;
  /** How often expired shares are deleted, in ms (they read as removed at once). Default 30 s. */
  expirySweepMs?: number;
  /**
   * Live connections (WebSocket and jsonsocket) one account may hold; a new one past it closes
   * the account's oldest (0 = no limit). Default 16.
   */
  maxLivePerUser?: number;
  /** Wrong share passwords allowed per share and address (tests lower them). */
  unlockLimits?: LoginLimits;
  /** Extensions to plug in; default: the project's own (live API, pages). */
  extensions?: readonly ServerExtension[];
}

export interface RunningServer {
  url: string;
  publicUrl: string;
  port: number;
  dataDir: string;
  /** Graceful: running uploads are stopped and rolled back, then requests drain. */
  close(): Promise<void>;
}

/** How long close() lets downloads drain before cutting every connection still open. */
const DRAIN_MS = 5000;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const logger = opts.logger ?? silentLogger;
  const data = openDataDir(opts.dataDir);
  let unlock: () => void;
  try {
    unlock = lockDataDir(data.dir);
  } catch (err) {
    data.meta.close();
    throw err;
  }
  const config = {
    publicUrl: '',
    // Closed unless asked: an embedded server on a LAN must not take strangers' accounts.
    signup: opts.signup ?? 'closed',
    signupsPerHour: opts.signupsPerHour,
    secret: data.secret,
    thumbsDir: data.thumbsDir,
    trustProxy: opts.trustProxy ?? false,
    blocklistFile: opts.blocklistFile,
    refreshIdleDays: opts.refreshIdleDays,
    maxFilesPerShare: opts.maxFilesPerShare,
    thumbCacheBytes: opts.thumbCacheBytes,
    defaultExpirySeconds: opts.defaultExpirySeconds,
    maxExpirySeconds: opts.maxExpirySeconds,
    allowNoExpiry: opts.allowNoExpiry,
    bodyIdleSeconds: opts.bodyIdleSeconds,
    expirySweepMs: opts.expirySweepMs,
    maxLivePerUser: opts.maxLivePerUser,
    unlockLimits: opts.unlockLimits,
  };
  const connectionLimits = {
    total: opts.maxConnections ?? DEFAULT_CONNECTION_LIMITS.total,
    perAddress:
      opts.maxConnectionsPerAddress ?? (opts.trustProxy ? 0 : DEFAULT_CONNECTION_LIMITS.perAddress),
  };
  const host = opts.host ?? '127.0.0.1';
  let app: FastifyInstance | undefined;
  // Every TCP connection, upgraded (live) ones included, which the HTTP server does not track.
  const sockets = new Set<Socket>();
  try {
    await recover(data, logger);
    app = buildServer({
      meta: data.meta,
      blobs: data.blobs,
      config,
      logger,
      extensions: opts.extensions ?? serverExtensions,
    });
    const server = app.server;
    // After the extensions are in: the jsonsocket sniffer takes over the 'connection' event.
    app.addHook('onReady', (done) => {
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      // Last, so it goes first: a connection over a limit reaches no other listener.
      limitConnections(server, connectionLimits);
      done();
    });
    await app.listen({ host, port: opts.port ?? 0 });
  } catch (err) {
    // Nothing may stay open after a failed start (a taken port, say): extensions, the database.
    await app?.close().catch(() => undefined);
    data.meta.close();
    unlock();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  config.publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, '');
  let closing: Promise<void> | undefined;
  return {
    url,
    publicUrl: config.publicUrl,
    port,
    dataDir: data.dir,
    close: () => {
      closing ??= (async () => {
        const timer = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, DRAIN_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(timer);
          data.meta.close();
          unlock();
        }
      })();
      return closing;
    },
  };
}
