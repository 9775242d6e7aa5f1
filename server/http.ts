/** Request helpers shared by the REST routes: lenient JSON bodies and query-string auth. */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { issuedAt } from './auth/tokens.js';
import type { ServerContext } from './context.js';
import { fail } from './errors.js';
import type { UserRecord } from './storage/types.js';

/**
 * The body as a JSON object, whatever the Content-Type said: old clients send JSON as
 * text/plain, form-urlencoded or with no type at all. Empty bodies and `null` read as `{}`.
 * A real form body (`title=x`) is accepted too.
 */
export function jsonBody(req: FastifyRequest): Record<string, unknown> {
  // A byte-order mark (some .NET writers add one) is not part of the JSON.
  const raw = typeof req.body === 'string' ? req.body.replace(/^\uFEFF/, '') : '';
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    const type = req.headers['content-type'] ?? '';
    if (type.includes('x-www-form-urlencoded') && /^[^{[\s][^=]*=/.test(raw)) {
      return Object.fromEntries(new URLSearchParams(raw));
    }
    fail('malformedJson');
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) fail('bodyNotObject');
  return parsed as Record<string, unknown>;
}

/** Parses `body` with `schema`, failing with a 400 that names the offending field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  fail('invalidField', `${field}: ${issue?.message ?? 'invalid'}`);
}

/** A query parameter as one string (the first, if repeated). */
export function queryParam(req: FastifyRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** True when the query carries `name`, with or without a value (`?download`, `?noinc=1`). */
export function queryFlag(req: FastifyRequest, name: string): boolean {
  const value = queryParam(req, name);
  return value !== undefined && value !== '0' && value !== 'false';
}

/** The user an access token speaks for, or the error saying why it speaks for no one. */
export function tokenUser(
  ctx: ServerContext,
  token: string,
): UserRecord | 'invalidToken' | 'expiredToken' {
  const check = ctx.tokens.checkAccess(token);
  if (!check.ok) return check.reason === 'expired' ? 'expiredToken' : 'invalidToken';
  const user = ctx.meta.getUser(check.userId);
  if (!user || !ctx.meta.getApp(check.appId)) return 'invalidToken';
  // The user signed out everywhere after this token was issued.
  if (issuedAt(check.expires) < user.tokensValidAfter) return 'invalidToken';
  return user;
}

/** The user behind `?accesstoken=`, or a 401 saying what to do. */
export function authenticate(ctx: ServerContext, req: FastifyRequest): UserRecord {
  const token = queryParam(req, 'accesstoken');
  if (!token) fail('missingToken');
  const user = tokenUser(ctx, token);
  if (typeof user === 'string') fail(user);
  return user;
}

const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;.*)?$/;

/**
 * Drops a Content-Type no media-type parser accepts (gett-pett sends `('text/plain', None)`),
 * before Fastify would refuse it with a 415: upload bodies are bytes and API bodies JSON
 * whatever the header says, and a header that says nothing readable is as good as none.
 */
export function dropUnreadableContentType(req: FastifyRequest): void {
  const type = req.headers['content-type'];
  if (type !== undefined && !MEDIA_TYPE.test(type)) delete req.headers['content-type'];
}

/** Query parameters that are credentials: never written to a log. */
const SECRET_PARAMS = /([?&](?:accesstoken|refreshtoken|apikey|sig)=)[^&#]*/gi;

/** The URL as logs may keep it: credentials in the query replaced by `REDACTED`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1REDACTED');
}
