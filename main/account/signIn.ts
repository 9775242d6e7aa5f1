/**
 * Signing in to the embedded server or a remote one. Only the refresh token is kept (through
 * the TokenStore); the embedded server's random password is used once and forgotten.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { IpcError } from '../../shared/ipc';
import { silentLogger, type Logger } from '../../shared/log';
import { ApiClient, ApiError, type Credentials } from '../api';
import type { TokenStore } from '../auth';
import type { EmbeddedServerHost } from '../server';

export interface SignedIn {
  readonly api: ApiClient;
  readonly mode: 'embedded' | 'remote';
  /** Where the app reaches the server. */
  readonly serverUrl: string;
  /** Where others reach it: the base of the links. */
  readonly publicUrl: string;
  /** Token-store slot and data folder name for this server. */
  readonly slot: string;
}

export interface SignInDeps {
  tokens: TokenStore;
  /** Told when a refresh token could not be kept (secure storage unavailable). */
  notStored(): void;
  logger?: Logger;
}

function client(deps: SignInDeps, baseUrl: string, slot: string): ApiClient {
  const log = deps.logger ?? silentLogger;
  return new ApiClient({
    baseUrl,
    logger: log,
    onRefreshToken: async (token) => {
      const saved = await deps.tokens.save(slot, token).catch((err: unknown) => {
        log.error('saving the refresh token failed', { err });
        return { stored: false as const };
      });
      if (!saved.stored) deps.notStored();
    },
  });
}

export interface EmbeddedSignIn extends SignInDeps {
  host: EmbeddedServerHost;
  userDataDir: string;
  /** Listen port (see `freePort`). */
  port: number;
  /** The address links are built from (the LAN address by default). */
  address: string;
}

export const EMBEDDED_SLOT = 'embedded';
const LOCAL_EMAIL = 'me@gett.local';

/** Starts the embedded server, creating the local account on first start, and signs in. */
export async function signInEmbedded(deps: EmbeddedSignIn): Promise<SignedIn> {
  const host = listenHostFor(deps.address);
  const port = deps.port;
  const publicUrl = `http://${hostPart(deps.address)}:${port}`;
  const started = await deps.host.start({
    dataDir: join(deps.userDataDir, 'server'),
    host,
    port,
    publicUrl,
  });
  const serverUrl = started.url;
  const api = client(deps, serverUrl, EMBEDDED_SLOT);
  const signedIn = {
    api,
    mode: 'embedded',
    serverUrl,
    publicUrl: started.publicUrl,
    slot: EMBEDDED_SLOT,
  } as const;

  const saved = await deps.tokens.load(EMBEDDED_SLOT);
  if (saved) {
    try {
      await api.loginWithRefreshToken(saved);
      return signedIn;
    } catch (err) {
      if (!(err instanceof ApiError && err.kind === 'unauthorized')) throw err;
    }
  }
  // First start, or the saved session is gone: (re)create the local account's password.
  const password = randomBytes(24).toString('base64url');
  const { apikey } = await deps.host.ensureLocalAccount({
    email: LOCAL_EMAIL,
    password,
    fullname: safeUserName(),
    appName: 'Gett Desktop',
  });
  await api.login({ apikey, email: LOCAL_EMAIL, password });
  return signedIn;
}

export const remoteSlot = (url: string) => `remote-${new URL(url).host}`;

/** Signs in to a remote server with its API key, email and password. */
export async function signInRemote(deps: SignInDeps, url: string, creds: Credentials) {
  const base = url.replace(/\/+$/, '');
  const slot = remoteSlot(base);
  const api = client(deps, base, slot);
  await api.login(creds).catch((err: unknown) => {
    throw signInFailure(err, base);
  });
  return { api, mode: 'remote', serverUrl: base, publicUrl: base, slot } satisfies SignedIn;
}

/**
 * A sign-in is asked for in Settings, before anything uploads: its advice is about the form
 * (the generic texts speak of uploads resuming and of refreshing the list).
 */
function signInFailure(err: unknown, base: string): unknown {
  if (!(err instanceof ApiError)) return err;
  const origin = new URL(base).origin;
  // "Cannot reach http://host (ECONNREFUSED)" -> "ECONNREFUSED"; one level of parentheses.
  const detail = /\(([^()]*)\)$/.exec(err.message)?.[1] ?? err.serverError;
  const because = detail ? ` (${detail})` : '';
  switch (err.kind) {
    case 'unreachable':
      return new IpcError(
        `Cannot reach ${origin}${because}. Check the server URL and your network, then sign in again.`,
        err.code,
      );
    case 'notFound':
    case 'forbidden':
    case 'invalid':
    case 'server':
      return new IpcError(
        `${origin} did not answer like a Ge.tt server${because}. Check the server URL.`,
        err.code,
      );
    case 'credentials':
      // A Ge.tt server refuses with an error text; a bare 404 or 405 is some other web server.
      if (err.serverError === undefined && (err.status === 404 || err.status === 405)) {
        return new IpcError(
          `${origin} did not answer like a Ge.tt server (HTTP ${err.status}). Check the server URL.`,
          'invalidRequest',
        );
      }
      return err;
    case 'unauthorized':
    case 'storage':
      return err;
  }
}

/** Signs in to a remote server with the saved refresh token; null when there is none. */
export async function resumeRemote(deps: SignInDeps, url: string): Promise<SignedIn | null> {
  const base = url.replace(/\/+$/, '');
  const slot = remoteSlot(base);
  const saved = await deps.tokens.load(slot);
  if (!saved) return null;
  const api = client(deps, base, slot);
  try {
    await api.loginWithRefreshToken(saved);
  } catch (err) {
    // Refused for good (revoked, other server): forget it. Offline: keep it for next time.
    if (err instanceof ApiError && err.kind === 'unauthorized') await deps.tokens.clear(slot);
    throw err;
  }
  return { api, mode: 'remote', serverUrl: base, publicUrl: base, slot };
}

/** Loopback links need only a loopback listener; LAN links need every interface. */
export function listenHostFor(address: string): string {
  return /^(127\.|localhost$|::1$|\[::1\]$)/.test(address) ? '127.0.0.1' : '0.0.0.0';
}

function hostPart(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** A port that is free right now on `host`. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

function safeUserName(): string {
  try {
    return userInfo().username || 'Me';
  } catch {
    return 'Me';
  }
}
