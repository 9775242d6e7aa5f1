/** U1 `POST /1/users/login` and U2 `GET /1/users/me`. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { LoginResponse } from '../../shared/gett.js';
import { DEFAULT_APP_ID, apiKeyHash } from '../accounts.js';
import { addressKey, normalizeEmail } from '../auth/identity.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { ACCESS_TOKEN_TTL, DEFAULT_REFRESH_IDLE_DAYS } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
import { authenticate, jsonBody, parseBody } from '../http.js';
import type { UserRecord } from '../storage/types.js';
import { userView } from '../views.js';

const PasswordLogin = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
  apikey: z.string().max(200).optional(),
});

/** Compared against when the email is unknown, so both failures take as long. */
const dummyHash = hashPassword('not a password');

/**
 * Checks email and password against the account, counting failures per account, per address,
 * and per account from that address.
 * Shared by the API login and the web login page.
 */
export async function checkCredentials(
  ctx: ServerContext,
  email: string,
  password: string,
  address: string,
): Promise<UserRecord> {
  // The limiter and the lookup see the same identity, so no spelling of it gets fresh tries.
  const identity = normalizeEmail(email);
  const from = addressKey(address);
  if (ctx.loginLimiter.blocked(identity, from)) fail('tooManyAttempts');
  const user = ctx.meta.getUserByEmail(identity);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) {
    ctx.loginLimiter.fail(identity, from);
    fail('wrongCredentials');
  }
  ctx.loginLimiter.succeed(identity, from);
  return user;
}

function loginResponse(
  ctx: ServerContext,
  user: UserRecord,
  appId: string,
  refreshtoken: string,
): LoginResponse {
  return {
    // Never issued before a sign-out everywhere, or the new token would be refused at once.
    accesstoken: ctx.tokens.issueAccess(
      { appId, userId: user.id },
      Math.max(Math.floor(Date.now() / 1000), user.tokensValidAfter),
    ),
    refreshtoken,
    expires: ACCESS_TOKEN_TTL,
    user: userView(ctx, user),
  };
}

async function passwordLogin(
  ctx: ServerContext,
  body: Record<string, unknown>,
  address: string,
): Promise<LoginResponse> {
  const input = parseBody(PasswordLogin, body);
  let appId = DEFAULT_APP_ID;
  if (input.apikey !== undefined) {
    const found = ctx.meta.getAppByKeyHash(apiKeyHash(input.apikey));
    if (!found) fail('invalidApiKey');
    appId = found.id;
  }
  const user = await checkCredentials(ctx, input.email, input.password, address);
  const refresh = ctx.tokens.issueRefresh({ appId, userId: user.id });
  ctx.meta.addRefreshToken({ id: refresh.id, appId, userId: user.id });
  return loginResponse(ctx, user, appId, refresh.token);
}

/**
 * The user and app a refresh token logs in, or a 401: it must be well signed, stored, not
 * revoked, and used within the idle limit (an unused one expires, and is revoked for good).
 */
function useRefreshToken(ctx: ServerContext, raw: string): { user: UserRecord; appId: string } {
  const claims = ctx.tokens.checkRefresh(raw);
  const stored = claims && ctx.meta.getRefreshToken(claims.id);
  const user = claims && ctx.meta.getUser(claims.userId);
  if (!claims || !stored || stored.revoked || stored.userId !== claims.userId || !user) {
    fail('invalidRefreshToken');
  }
  if (!ctx.meta.getApp(claims.appId)) fail('invalidRefreshToken');
  const idleDays = ctx.config.refreshIdleDays ?? DEFAULT_REFRESH_IDLE_DAYS;
  if (idleDays > 0 && Date.now() / 1000 - stored.lastUsed > idleDays * 86400) {
    ctx.meta.revokeRefreshToken(stored.id);
    fail('invalidRefreshToken', `unused for more than ${idleDays} days`);
  }
  ctx.meta.touchRefreshToken(stored.id);
  return { user, appId: claims.appId };
}

export function userRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/1/users/login', async (req) => {
    const body = jsonBody(req);
    if (typeof body.refreshtoken === 'string') {
      const { user, appId } = useRefreshToken(ctx, body.refreshtoken);
      return loginResponse(ctx, user, appId, body.refreshtoken.trim());
    }
    return passwordLogin(ctx, body, req.ip);
  });

  // Sign-out: this refresh token only (a client logging out), or, with an access token,
  // everything the user holds (a lost laptop): refresh tokens, access tokens, web sessions.
  app.post('/1/users/logout', (req) => {
    const { refreshtoken } = jsonBody(req);
    if (typeof refreshtoken !== 'string')
      fail('invalidField', 'refreshtoken: send the token to revoke');
    const claims = ctx.tokens.checkRefresh(refreshtoken);
    if (!claims) fail('invalidRefreshToken');
    ctx.meta.revokeRefreshToken(claims.id);
    return { success: true };
  });
  app.post('/1/users/logout/all', (req) => {
    const user = authenticate(ctx, req);
    ctx.meta.revokeAllSessions(user.id);
    return { success: true };
  });

  // The web login of the original site (not the public API), which some upload scripts use:
  // the same login, plus the free storage at the top level.
  app.post('/u/login', async (req) => {
    const login = await passwordLogin(ctx, jsonBody(req), req.ip);
    return { ...login, free: Math.max(0, ctx.uploads.free(login.user.userid)) };
  });

  app.get('/1/users/me', (req) => userView(ctx, authenticate(ctx, req)));
}
