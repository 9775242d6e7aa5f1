/** S1–S5: list, get, create, update and destroy shares. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { lockedError, shareAccess, unlockShare } from '../access.js';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
import { hashPassword } from '../auth/passwords.js';
import { authenticate, jsonBody, parseBody, queryParam } from '../http.js';
import { newShareName } from '../ids.js';
import type { ShareOptions, ShareRecord, UserRecord } from '../storage/types.js';
import { lockedShareView, shareView } from '../views.js';

const Title = z.string().max(1000).nullable().optional();
const TitleBody = z.object({ title: Title });

/** The named share, if it exists and belongs to `user` (404 / 403 otherwise). */
export function ownedShare(ctx: ServerContext, user: UserRecord, sharename: string): ShareRecord {
  const share = ctx.meta.getShare(sharename);
  if (!share) fail('shareNotFound');
  if (share.ownerId !== user.id) fail('notYourShare');
  return share;
}

function pageParam(req: FastifyRequest, name: string): number | undefined {
  const value = queryParam(req, name);
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  // Past MAX_SAFE_INTEGER a number is no longer whole-exact and SQLite refuses to bind it.
  if (!Number.isSafeInteger(n) || n < 0) {
    fail('invalidField', `${name} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  }
  return n;
}

type Params = { sharename: string };

const MAX_DOWNLOADS = 1_000_000;
const MAX_PASSWORD = 1000;

/**
 * The extension fields `expires`, `maxdownloads` and `password` of a create or update body,
 * checked; absent keys are absent from the result (a request without them changes nothing).
 */
async function shareOptions(
  ctx: ServerContext,
  body: Record<string, unknown>,
  creating: boolean,
): Promise<ShareOptions> {
  const now = Math.floor(Date.now() / 1000);
  const { defaultExpirySeconds = 0, maxExpirySeconds = 0, allowNoExpiry = true } = ctx.config;
  const options: { -readonly [K in keyof ShareOptions]: ShareOptions[K] } = {};
  let expires = body.expires;
  if (expires === undefined && creating) {
    // The operator's default, bounded by the maximum; a server that keeps nothing forever
    // gives shares without a default the longest life it allows.
    let life = defaultExpirySeconds;
    if (maxExpirySeconds > 0 && (life === 0 ? !allowNoExpiry : life > maxExpirySeconds)) {
      life = maxExpirySeconds;
    }
    expires = life > 0 ? now + life : null;
  }
  if (expires !== undefined) {
    if (expires === null) {
      if (!allowNoExpiry) fail('expiryRequired');
    } else if (typeof expires !== 'number' || !Number.isSafeInteger(expires) || expires <= now) {
      fail('badExpires');
    } else if (maxExpirySeconds > 0 && expires > now + maxExpirySeconds) {
      fail('expiryTooLate', `at most ${maxExpirySeconds} seconds from now`);
    }
    options.expires = expires;
  }
  const max = body.maxdownloads;
  if (max !== undefined) {
    if (
      max !== null &&
      (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1 || max > MAX_DOWNLOADS)
    ) {
      fail('badMaxDownloads');
    }
    options.maxDownloads = max;
  }
  const password = body.password;
  if (password !== undefined) {
    if (password !== null && (typeof password !== 'string' || password.length > MAX_PASSWORD)) {
      fail('badSharePassword');
    }
    options.passwordHash = password ? await hashPassword(password) : null;
  }
  return options;
}

export function shareRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/1/shares', (req) => {
    const user = authenticate(ctx, req);
    const page = { skip: pageParam(req, 'skip'), limit: pageParam(req, 'limit') };
    return ctx.meta.listShares(user.id, page).map((s) => shareView(ctx, s, 'owner'));
  });

  app.get<{ Params: Params }>('/1/shares/:sharename', (req) => {
    const share = ctx.meta.getShare(req.params.sharename);
    if (!share) fail('shareNotFound');
    // A public call; clients may add their token (NET, JABREF). A token that is not the
    // owner's, or not valid, is no error here: it just gets the public view.
    const access = shareAccess(ctx, req, share);
    if (access === 'locked') {
      // A stale unlock token is worth saying so; without one, only that the share is protected.
      if (queryParam(req, 'unlocktoken') && !share.removed) throw lockedError(req);
      return lockedShareView(ctx, share);
    }
    return shareView(ctx, share, access === 'owner' ? 'owner' : 'public');
  });

  // Extension: a protected share's password → an unlock token for its reads.
  app.post<{ Params: Params }>('/1/shares/:sharename/unlock', async (req) => {
    const share = ctx.meta.getShare(req.params.sharename);
    if (!share) fail('shareNotFound');
    return unlockShare(ctx, share, jsonBody(req).password, req.ip);
  });

  app.post('/1/shares/create', async (req) => {
    const user = authenticate(ctx, req);
    const body = jsonBody(req);
    const { title } = parseBody(TitleBody, body);
    const options = await shareOptions(ctx, body, true);
    for (let attempt = 0; ; attempt++) {
      try {
        const share = ctx.meta.createShare({
          name: newShareName(),
          ownerId: user.id,
          title: title ?? null,
          ...options,
        });
        return shareView(ctx, share, 'owner', []);
      } catch (err) {
        // A name collision (one in 62^8) is retried; anything else is a real fault.
        if (attempt > 3 || !String(err).includes('UNIQUE')) throw err;
      }
    }
  });

  app.post<{ Params: Params }>('/1/shares/:sharename/update', async (req) => {
    const user = authenticate(ctx, req);
    const share = ownedShare(ctx, user, req.params.sharename);
    if (share.removed) fail('shareRemoved');
    const raw = jsonBody(req);
    const body = parseBody(TitleBody, raw);
    const options = await shareOptions(ctx, raw, false);
    // Only the keys sent change anything; `null` removes the title (or the option).
    if (body.title !== undefined) ctx.meta.setShareTitle(share.name, body.title);
    ctx.meta.setShareOptions(share.name, options);
    return shareView(ctx, ctx.meta.getShare(share.name) ?? share, 'owner');
  });

  app.post<{ Params: Params }>('/1/shares/:sharename/destroy', async (req) => {
    const user = authenticate(ctx, req);
    const share = ownedShare(ctx, user, req.params.sharename);
    if (!share.removed) {
      for (const file of ctx.meta.listFiles(share.name)) {
        ctx.uploads.abort(file.sharename, file.fileid);
      }
      await ctx.discardBlobs(ctx.meta.removeShare(share.name));
    }
    return { success: true };
  });
}
