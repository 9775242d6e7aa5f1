/** S1–S5: list, get, create, update and destroy shares. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
import { authenticate, jsonBody, parseBody, queryParam, tokenUser } from '../http.js';
import { newShareName } from '../ids.js';
import type { ShareRecord, UserRecord } from '../storage/types.js';
import { shareView } from '../views.js';

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
    const token = queryParam(req, 'accesstoken');
    const user = token ? tokenUser(ctx, token) : undefined;
    const owner = typeof user === 'object' && user.id === share.ownerId;
    return shareView(ctx, share, owner ? 'owner' : 'public');
  });

  app.post('/1/shares/create', (req) => {
    const user = authenticate(ctx, req);
    const { title } = parseBody(TitleBody, jsonBody(req));
    for (let attempt = 0; ; attempt++) {
      try {
        const share = ctx.meta.createShare({
          name: newShareName(),
          ownerId: user.id,
          title: title ?? null,
        });
        return shareView(ctx, share, 'owner', []);
      } catch (err) {
        // A name collision (one in 62^8) is retried; anything else is a real fault.
        if (attempt > 3 || !String(err).includes('UNIQUE')) throw err;
      }
    }
  });

  app.post<{ Params: Params }>('/1/shares/:sharename/update', (req) => {
    const user = authenticate(ctx, req);
    const share = ownedShare(ctx, user, req.params.sharename);
    if (share.removed) fail('shareRemoved');
    const body = parseBody(TitleBody, jsonBody(req));
    // Only a `title` key changes anything; `null` removes the title.
    if (body.title !== undefined) ctx.meta.setShareTitle(share.name, body.title);
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
