/** Cookie sessions for the web pages: a signed, HttpOnly, SameSite=Lax cookie, plus CSRF tokens. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
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
  reply.setCookie(COOKIE, `${user.id}.${exp}`, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https:') || req.protocol === 'https',
    path: '/',
    maxAge: LIFETIME,
  });
}

export function endSession(reply: FastifyReply): void {
  reply.clearCookie(COOKIE, { path: '/' });
}

/** The signed-in user and their session id (for CSRF tokens), if the cookie is valid. */
export function currentSession(
  ctx: ServerContext,
  req: FastifyRequest,
): { user: UserRecord; csrf: string } | undefined {
  const raw = req.cookies[COOKIE];
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const [userId = '', exp = ''] = unsigned.value.split('.');
  if (!(Number(exp) > Date.now() / 1000)) return undefined;
  const user = ctx.meta.getUser(userId);
  if (!user) return undefined;
  return { user, csrf: ctx.signer.hex(`csrf:${unsigned.value}`) };
}
