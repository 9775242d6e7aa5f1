/**
 * gett-server: `serve`, `users add`, `apps add`, `files remove`, `tokens revoke` (see
 * server/README.md). Usage errors exit 2, failures exit 1, each with a message saying what
 * to do.
 */
// First: on a Node too old for better-sqlite3, say which Node is needed before it can crash.
import '../scripts/check-node.cjs';
import { parseArgs } from 'node:util';
import type { Logger } from '../shared/log.js';
import { addApp, addUser, revokeTokens } from './admin.js';
import { DEFAULT_REFRESH_IDLE_DAYS } from './auth/tokens.js';
import { DEFAULT_BODY_IDLE_SECONDS } from './bodyIdle.js';
import { DEFAULT_CONNECTION_LIMITS } from './connections.js';
import { ApiError } from './errors.js';
import { DEFAULT_SIGNUPS_PER_HOUR } from './web/routes.js';
import { startServer } from './index.js';
import { removeFileForTerms } from './moderation/remove.js';
import { DEFAULT_MAX_FILES_PER_SHARE } from './routes/files.js';
import { DEFAULT_THUMB_CACHE_BYTES } from './thumbs/index.js';
import { DEFAULT_MAX_LIVE_PER_USER } from './live/hub.js';

const USAGE = `usage:
  gett-server serve --data DIR [--host H] [--port P] [--public-url URL] [--signup open|closed] [--trust-proxy] [--blocklist FILE]
                    [--refresh-token-idle-days N] [--signup-limit N] [--max-files-per-share N]
                    [--thumb-cache-mb N] [--default-expiry-days N] [--max-expiry-days N] [--require-expiry]
                    [--max-connections N] [--max-connections-per-address N] [--body-idle-seconds N]
                    [--max-live-per-user N]
  gett-server users add --data DIR --email E --password P [--name N] [--storage-limit BYTES]
  gett-server apps add --data DIR --name N [--owner EMAIL]
  gett-server files remove --data DIR --share S --file F --reason TEXT
  gett-server tokens revoke --data DIR --email E`;

class UsageError extends Error {}

function stderrLogger(namespace = 'gett-server'): Logger {
  const write = (level: string) => (message: string, data?: unknown) =>
    process.stderr.write(
      `${new Date().toISOString()} ${level} ${namespace}: ${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}\n`,
    );
  return {
    debug: () => undefined,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (ns) => stderrLogger(`${namespace}:${ns}`),
  };
}

function need(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

/** A flag's value as a whole number ≥ 0, or a usage error naming the flag. */
function wholeNumber(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(`--${flag} must be a whole number ≥ 0`);
  }
  return n;
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      data: { type: 'string' },
      'public-url': { type: 'string' },
      signup: { type: 'string', default: 'open' },
      'trust-proxy': { type: 'boolean', default: false },
      blocklist: { type: 'string' },
      'refresh-token-idle-days': { type: 'string', default: String(DEFAULT_REFRESH_IDLE_DAYS) },
      'signup-limit': { type: 'string', default: String(DEFAULT_SIGNUPS_PER_HOUR) },
      'max-files-per-share': { type: 'string', default: String(DEFAULT_MAX_FILES_PER_SHARE) },
      'thumb-cache-mb': { type: 'string', default: String(DEFAULT_THUMB_CACHE_BYTES / 2 ** 20) },
      'default-expiry-days': { type: 'string', default: '0' },
      'max-expiry-days': { type: 'string', default: '0' },
      'require-expiry': { type: 'boolean', default: false },
      'max-connections': { type: 'string', default: String(DEFAULT_CONNECTION_LIMITS.total) },
      // No default here: startServer's depends on --trust-proxy.
      'max-connections-per-address': { type: 'string' },
      'body-idle-seconds': { type: 'string', default: String(DEFAULT_BODY_IDLE_SECONDS) },
      'max-live-per-user': { type: 'string', default: String(DEFAULT_MAX_LIVE_PER_USER) },
    },
  });
  const perAddress = values['max-connections-per-address'];
  const refreshIdleDays = wholeNumber(values['refresh-token-idle-days'], 'refresh-token-idle-days');
  const signupsPerHour = wholeNumber(values['signup-limit'], 'signup-limit');
  const maxFilesPerShare = wholeNumber(values['max-files-per-share'], 'max-files-per-share');
  const thumbCacheBytes = wholeNumber(values['thumb-cache-mb'], 'thumb-cache-mb') * 2 ** 20;
  const day = 86400;
  const defaultExpirySeconds =
    wholeNumber(values['default-expiry-days'], 'default-expiry-days') * day;
  const maxExpirySeconds = wholeNumber(values['max-expiry-days'], 'max-expiry-days') * day;
  if (values['require-expiry'] && !defaultExpirySeconds && !maxExpirySeconds) {
    throw new UsageError('--require-expiry needs --default-expiry-days or --max-expiry-days');
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be 0–65535');
  if (values.signup !== 'open' && values.signup !== 'closed')
    throw new UsageError('--signup must be open or closed');
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/]/.test(publicUrl)) {
    throw new UsageError('--public-url must be an http:// or https:// URL');
  }
  const server = await startServer({
    host: values.host,
    port,
    dataDir: need(values, 'data'),
    publicUrl,
    signup: values.signup,
    trustProxy: values['trust-proxy'],
    blocklistFile: values.blocklist,
    refreshIdleDays,
    signupsPerHour,
    maxFilesPerShare,
    thumbCacheBytes,
    defaultExpirySeconds,
    maxExpirySeconds,
    allowNoExpiry: !values['require-expiry'],
    maxConnections: wholeNumber(values['max-connections'], 'max-connections'),
    maxConnectionsPerAddress:
      perAddress === undefined ? undefined : wholeNumber(perAddress, 'max-connections-per-address'),
    bodyIdleSeconds: wholeNumber(values['body-idle-seconds'], 'body-idle-seconds'),
    maxLivePerUser: wholeNumber(values['max-live-per-user'], 'max-live-per-user'),
    logger: stderrLogger(),
  });
  // A reader that stops after the first line (`| head -1`, a supervisor) must not take the
  // server down with it: a closed stdout is not the server's failure.
  process.stdout.on('error', () => {});
  process.stdout.write(`gett-server listening on ${server.url}\n`);
  if (server.publicUrl !== server.url) process.stdout.write(`public URL: ${server.publicUrl}\n`);
  const stop = (signal: string) => {
    process.stderr.write(`gett-server: ${signal}, closing\n`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`gett-server: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function usersAdd(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      'storage-limit': { type: 'string' },
    },
  });
  let storageLimit: number | undefined;
  if (values['storage-limit'] !== undefined) {
    storageLimit = Number(values['storage-limit']);
    if (!Number.isSafeInteger(storageLimit) || storageLimit < 0) {
      throw new UsageError('--storage-limit must be a whole number of bytes');
    }
  }
  const { userid } = await addUser(need(values, 'data'), {
    email: need(values, 'email'),
    password: need(values, 'password'),
    fullname: values.name,
    storageLimit,
  });
  process.stdout.write(`${userid}\n`);
}

async function appsAdd(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, name: { type: 'string' }, owner: { type: 'string' } },
  });
  const { apikey } = await addApp(need(values, 'data'), {
    name: need(values, 'name'),
    ownerEmail: values.owner,
  });
  process.stdout.write(`${apikey}\n`);
}

async function filesRemove(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      share: { type: 'string' },
      file: { type: 'string' },
      reason: { type: 'string' },
    },
  });
  const sharename = need(values, 'share');
  const fileid = need(values, 'file');
  await removeFileForTerms(need(values, 'data'), {
    sharename,
    fileid,
    reason: need(values, 'reason'),
  });
  process.stdout.write(`removed ${sharename}/${fileid}\n`);
}

async function tokensRevoke(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, email: { type: 'string' } },
  });
  const email = need(values, 'email');
  await revokeTokens(need(values, 'data'), { email });
  process.stdout.write(`signed out ${email} everywhere\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'serve') return serve(argv.slice(1));
  if (command === 'users' && sub === 'add') return usersAdd(rest);
  if (command === 'apps' && sub === 'add') return appsAdd(rest);
  if (command === 'files' && sub === 'remove') return filesRemove(rest);
  if (command === 'tokens' && sub === 'revoke') return tokensRevoke(rest);
  if (command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  throw new UsageError(`unknown command: ${argv.slice(0, 2).join(' ')}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`gett-server: ${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const code = (err as { code?: string }).code;
  const message =
    code === 'EADDRINUSE'
      ? 'the port is already in use: pick another --port, or --port 0 for any free one'
      : code === 'EACCES'
        ? 'not allowed to listen on that port or write the data dir: check --port and --data'
        : err instanceof ApiError
          ? err.message
          : String((err as Error).message ?? err);
  process.stderr.write(`gett-server: ${message}\n`);
  process.exit(1);
});
