/**
 * Cookie sessions for the web pages: a signed, HttpOnly, SameSite=Lax cookie naming a session
 * stored server-side, so logging out (or signing out everywhere) ends it for every copy of
 * the cookie. CSRF tokens are derived from the cookie.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { randomId } from '../ids.js';
import type { UserRecord } from '../storage/types.js';

const COOKIE = 'gett_session';
const LIFETIME = 14 * 86400;

export function startSession(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  user: UserRecord,
): void {
  const exp = Math.floor(Date.now() / 1000) + LIFETIME;
  const id = randomId(24);
  ctx.meta.createWebSession({ id, userId: user.id, expires: exp });
  reply.setCookie(COOKIE, `${user.id}.${exp}.${id}`, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https:') || req.protocol === 'https',
    path: '/',
    maxAge: LIFETIME,
  });
}

export interface Session {
  readonly user: UserRecord;
  /** The stored session's id (what logging out deletes). */
  readonly id: string;
  readonly csrf: string;
}

/** Ends this browser's session: the stored session goes, so copies of the cookie stop working. */
export function endSession(ctx: ServerContext, session: Session, reply: FastifyReply): void {
  ctx.meta.deleteWebSession(session.id);
  reply.clearCookie(COOKIE, { path: '/' });
}

/** The signed-in user and their session, if the cookie is valid and its session still stored. */
export function currentSession(ctx: ServerContext, req: FastifyRequest): Session | undefined {
  const raw = req.cookies[COOKIE];
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const [userId = '', exp = '', id = ''] = unsigned.value.split('.');
  if (!(Number(exp) > Date.now() / 1000)) return undefined;
  const stored = id ? ctx.meta.getWebSession(id) : undefined;
  if (!stored || stored.userId !== userId || stored.expires <= Date.now() / 1000) return undefined;
  const user = ctx.meta.getUser(userId);
  if (!user) return undefined;
  return { user, id, csrf: ctx.signer.hex(`csrf:${unsigned.value}`) };
}
