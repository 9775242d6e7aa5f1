/**
 * Who may read a share: the one access rule every read of a share's contents goes through
 * (the share view, file objects, `/blob` and its thumb and scale, the recipient pages and
 * their progress poll, Download all). A share without a password is open to anyone with the
 * link, as on the original service. A protected share is open to its owner (`?accesstoken=`)
 * and to whoever unlocked it with its password (`?unlocktoken=`, or the share-scoped cookie
 * the recipient page sets); everyone else is told, with a 401, how to unlock it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addressKey } from './auth/identity.js';
import { verifyPassword } from './auth/passwords.js';
import { Signer } from './auth/signer.js';
import type { ServerContext } from './context.js';
import { ApiError, fail } from './errors.js';
import { queryParam, tokenUser } from './http.js';
import type { ShareRecord } from './storage/types.js';

/** Lifetime of an unlock token (and of the page's cookie), in seconds. */
export const UNLOCK_TTL = 86400;

/** The recipient page's cookie; its Path is the share's, so each share has its own. */
export const UNLOCK_COOKIE = 'gett_unlock';

/** How a request may read a share, or `locked` when it may not. */
export type ShareAccess = 'owner' | 'unlocked' | 'open' | 'locked';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * The token's signature covers the share's stored password hash, so changing or removing the
 * password ends every unlock handed out before.
 */
function unlockSignature(ctx: ServerContext, share: ShareRecord, exp: string): string {
  return ctx.signer.hex(`u.${share.name}.${exp}.${share.passwordHash ?? ''}`);
}

/** A fresh unlock token for `share`: `u.<sharename>.<expiry>.<sig>`. */
export function issueUnlockToken(ctx: ServerContext, share: ShareRecord): string {
  const exp = String(nowSeconds() + UNLOCK_TTL);
  return `u.${share.name}.${exp}.${unlockSignature(ctx, share, exp)}`;
}

/** Whether `token` unlocks `share` now (well signed, this share, this password, not expired). */
export function checkUnlockToken(ctx: ServerContext, share: ShareRecord, token: string): boolean {
  const parts = token.trim().split('.');
  if (parts.length !== 4 || parts[0] !== 'u' || parts[1] !== share.name) return false;
  const [, , exp = '', sig = ''] = parts;
  if (!/^\d{1,12}$/.test(exp) || Number(exp) <= nowSeconds()) return false;
  return Signer.same(sig, unlockSignature(ctx, share, exp));
}

/** Whether the request carries the owner's own, valid access token. */
export function isShareOwner(ctx: ServerContext, req: FastifyRequest, ownerId: string): boolean {
  const token = queryParam(req, 'accesstoken');
  const user = token ? tokenUser(ctx, token) : undefined;
  return typeof user === 'object' && user.id === ownerId;
}

/** The unlock tokens a request offers: `?unlocktoken=` and the share page's cookie. */
function offeredTokens(req: FastifyRequest): string[] {
  const tokens: string[] = [];
  const query = queryParam(req, 'unlocktoken');
  if (query) tokens.push(query);
  const cookie = req.cookies[UNLOCK_COOKIE];
  if (cookie) tokens.push(cookie);
  return tokens;
}

/** How `req` may read `share` (never throws). */
export function shareAccess(ctx: ServerContext, req: FastifyRequest, share: ShareRecord) {
  const owner = isShareOwner(ctx, req, share.ownerId);
  if (owner) return 'owner' satisfies ShareAccess;
  if (share.passwordHash === null) return 'open' satisfies ShareAccess;
  return offeredTokens(req).some((t) => checkUnlockToken(ctx, share, t))
    ? ('unlocked' satisfies ShareAccess)
    : ('locked' satisfies ShareAccess);
}

/** The 401 for a locked read: unlock first, or unlock again when the token offered is stale. */
export function lockedError(req: FastifyRequest): ApiError {
  return new ApiError(queryParam(req, 'unlocktoken') ? 'badUnlockToken' : 'sharePasswordRequired');
}

/**
 * The access rule for reads of a share's contents: returns how the request reads the share,
 * or throws the 401 (`sharePasswordRequired`, `badUnlockToken`) saying how to unlock it.
 */
export function checkShareRead(
  ctx: ServerContext,
  req: FastifyRequest,
  share: ShareRecord,
): Exclude<ShareAccess, 'locked'> {
  const access = shareAccess(ctx, req, share);
  if (access === 'locked') throw lockedError(req);
  return access;
}

/**
 * Checks `password` against a protected share and returns a fresh unlock token. Wrong
 * passwords are counted per share, per share from this address and per address (the login
 * limiter's counters); past them 429 `tooManyUnlocks` with the seconds to wait.
 */
export async function unlockShare(
  ctx: ServerContext,
  share: ShareRecord,
  password: unknown,
  ip: string,
): Promise<{ unlocktoken: string; expires: number }> {
  if (share.removed) fail('shareRemoved');
  if (share.passwordHash === null) fail('shareNotProtected');
  if (typeof password !== 'string' || password === '' || password.length > 1000) {
    fail('invalidField', 'password: send the share password as a string');
  }
  const from = addressKey(ip);
  const limiter = ctx.unlockLimiter;
  if (limiter.blocked(share.name, from)) {
    const wait = limiter.retryAfter(share.name, from);
    throw new ApiError('tooManyUnlocks', `try again in ${waitText(wait)}`, wait);
  }
  const hash = share.passwordHash;
  if (!(await verifyPassword(password, hash))) {
    limiter.fail(share.name, from);
    fail('wrongSharePassword');
  }
  limiter.succeed(share.name, from);
  // The share as it is now: its password may have changed while this one was checked.
  const current = ctx.meta.getShare(share.name);
  if (!current || current.removed) fail('shareRemoved');
  if (current.passwordHash !== hash) fail('wrongSharePassword');
  return { unlocktoken: issueUnlockToken(ctx, current), expires: UNLOCK_TTL };
}

/** "12 minutes", "40 seconds": how long to wait, for people. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Sets the recipient page's cookie: HttpOnly, SameSite=Lax, for this share's path only. */
export function setUnlockCookie(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  sharename: string,
  token: string,
): void {
  const secure = req.protocol === 'https' || ctx.config.publicUrl.startsWith('https:');
  void reply.setCookie(UNLOCK_COOKIE, token, {
    path: `/${encodeURIComponent(sharename)}`,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: UNLOCK_TTL,
  });
}
