/** What buildServer needs (ServerDeps) and what every route and extension sees (ServerContext). */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../shared/log.js';
import { DEFAULT_UNLOCK_LIMITS, LoginLimiter, type LoginLimits } from './auth/rateLimit.js';
import { Signer } from './auth/signer.js';
import { Tokens } from './auth/tokens.js';
import type { LiveHooks } from './hooks.js';
import { deleteBlobs } from './storage/discard.js';
import { Thumbnails } from './thumbs/index.js';
import type { BlobStore, MetadataStore } from './storage/types.js';
import { UploadRegistry } from './uploads.js';
import { Urls } from './urls.js';

/** Default storage limit of a new account: the original free tier, 2 GB. */
export const DEFAULT_STORAGE_LIMIT = 2_000_000_000;

export interface ServerConfig {
  /** Base of every link handed out (getturl, puturl, blob redirects); no trailing slash. */
  publicUrl: string;
  signup: 'open' | 'closed';
  /** Accounts one address may create per hour through /signup; 0 = no limit. Default 5. */
  signupsPerHour?: number;
  /** HMAC key for tokens, links and cookies (the data dir's `secret`). */
  secret: Buffer;
  /** Where thumbnails and scaled images are cached. */
  thumbsDir: string;
  /** Trust X-Forwarded-* from a reverse proxy (for client addresses in rate limiting). */
  trustProxy?: boolean;
  /** File of blocked content, read by the moderation extension. */
  blocklistFile?: string;
  /** Days a refresh token may go unused before it expires; 0 = never. Default 30. */
  refreshIdleDays?: number;
  /** Files one share may hold; 0 = no cap. Default 10,000 (the app's largest drop). */
  maxFilesPerShare?: number;
  /** Bytes of cached thumbnails and scaled images before the least used go; 0 = no bound. */
  thumbCacheBytes?: number;
  /** Seconds a new share lives when its creator names no expiry; 0 = forever. Default 0. */
  defaultExpirySeconds?: number;
  /** Longest lifetime a share may be given, in seconds; 0 = no bound. Default 0. */
  maxExpirySeconds?: number;
  /** Whether a share may live forever (no `expires`). Default true. */
  allowNoExpiry?: boolean;
  /** Seconds a request body may send nothing before it is cut (408); 0 = never. Default 30. */
  bodyIdleSeconds?: number;
  /** How often expired shares are deleted, in ms. Default 30 s. */
  expirySweepMs?: number;
  /** Live connections one account may hold; past it the oldest is closed. 0 = no limit. Default 16. */
  maxLivePerUser?: number;
  /** Wrong share passwords allowed (access.ts); default DEFAULT_UNLOCK_LIMITS. */
  unlockLimits?: LoginLimits;
}

/**
 * A feature plugged into the server (the live API, recipient pages). The factory runs once per
 * server with the shared context; it may supply live hooks, routes, and cleanup on close.
 */
export type ServerExtension = (ctx: ServerContext) => {
  hooks?: Partial<LiveHooks>;
  register?: (app: FastifyInstance) => void | Promise<void>;
  close?: () => void | Promise<void>;
};

export interface ServerDeps {
  meta: MetadataStore;
  blobs: BlobStore;
  config: ServerConfig;
  logger?: Logger;
  /** Live hooks; missing ones fall back to no-ops (see hooks.ts). */
  live?: Partial<LiveHooks>;
  extensions?: readonly ServerExtension[];
}

export interface ServerContext {
  readonly meta: MetadataStore;
  readonly blobs: BlobStore;
  readonly config: ServerConfig;
  readonly logger: Logger;
  /** The merged hooks; extensions' hooks are in place before the first request. */
  readonly live: LiveHooks;
  readonly signer: Signer;
  readonly tokens: Tokens;
  readonly urls: Urls;
  readonly uploads: UploadRegistry;
  readonly loginLimiter: LoginLimiter;
  /** Wrong passwords of protected shares (the same counters, keyed by share name). */
  readonly unlockLimiter: LoginLimiter;
  /** The thumbnail cache, render gate and picture sizes (routes/images.ts). */
  readonly thumbs: Thumbnails;
  /** Deletes blobs (and their cached thumbnails) no file refers to any more. */
  discardBlobs(keys: readonly string[]): Promise<void>;
}

export function createContext(deps: ServerDeps, live: LiveHooks, logger: Logger): ServerContext {
  const signer = new Signer(deps.config.secret);
  const { meta, blobs, config } = deps;
  const thumbs = new Thumbnails(config.thumbsDir, config.thumbCacheBytes);
  const discardBlobs = async (keys: readonly string[]): Promise<void> => {
    await deleteBlobs(blobs, config.thumbsDir, keys, (err) =>
      logger.warn('blob delete failed', err),
    );
    thumbs.forget(keys);
  };
  return {
    meta,
    blobs,
    config,
    logger,
    live,
    signer,
    tokens: new Tokens(signer),
    urls: new Urls(signer, () => config.publicUrl),
    uploads: new UploadRegistry({ meta, blobs, live, logger, discardBlobs }),
    loginLimiter: new LoginLimiter(),
    unlockLimiter: new LoginLimiter(config.unlockLimits ?? DEFAULT_UNLOCK_LIMITS),
    thumbs,
    discardBlobs,
  };
}
