/** The account pages: sign up, log in, log out, and the developer page (apps and API keys). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createAccount, createApp } from '../accounts.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { addressKey } from '../auth/identity.js';
import { WindowCounter } from '../auth/rateLimit.js';
import { checkCredentials } from '../routes/users.js';
import { alert, esc, page, type PageOptions } from './html.js';
import type { UserRecord } from '../storage/types.js';
import { currentSession, endSession, startSession } from './session.js';

type Form = Record<string, string>;

function form(req: FastifyRequest): Form {
  const raw = typeof req.body === 'string' ? req.body : '';
  return Object.fromEntries(new URLSearchParams(raw));
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return (
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // No scripts, no framing (clickjacking of the key page), forms post only here.
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(body)
  );
}

const errorText = (err: unknown): string => {
  if (err instanceof ApiError) return err.message;
  throw err;
};

function loginForm(values: Form = {}, error?: string, notice?: string): string {
  return `${alert(error)}${notice ? `<p class="ok" role="status">${esc(notice)}</p>` : ''}
<form class="card" method="post" action="/login">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${esc(values.email ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Log in</button>
</form>`;
}

function signupForm(values: Form = {}, error?: string): string {
  return `${alert(error)}
<form class="card" method="post" action="/signup">
  <label for="fullname">Full name</label>
  <input id="fullname" name="fullname" autocomplete="name" value="${esc(values.fullname ?? '')}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="email" required value="${esc(values.email ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required aria-describedby="pw-hint">
  <p id="pw-hint" class="muted">At least 8 characters.</p>
  <button type="submit">Create account</button>
</form>
<p>Already have an account? <a href="/login">Log in</a>.</p>`;
}

function developersPage(
  ctx: ServerContext,
  userId: string,
  csrf: string,
  created?: { name: string; apikey: string },
  error?: string,
): string {
  const apps = ctx.meta.listApps(userId);
  const rows = apps
    .map(
      (a) =>
        `<tr><td>${esc(a.name)}</td><td><code>${esc(a.id)}</code></td><td>${new Date(a.created * 1000).toISOString().slice(0, 10)}</td></tr>`,
    )
    .join('');
  const fresh = created
    ? `<section class="card" aria-labelledby="new-key"><h2 id="new-key">API key for ${esc(created.name)}</h2>
<p class="ok" role="status">App created. Copy the key now: it is shown only once.</p>
<code class="key">${esc(created.apikey)}</code>
<p class="muted">Log in with it: <code>POST /1/users/login</code> with <code>{"apikey": "…", "email": "…", "password": "…"}</code>.</p></section>`
    : '';
  return `${fresh}
<section class="card" aria-labelledby="apps"><h2 id="apps">Apps</h2>
${apps.length ? `<table><thead><tr><th scope="col">Name</th><th scope="col">App id</th><th scope="col">Created</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No apps yet.</p>'}
</section>
<section class="card" aria-labelledby="create"><h2 id="create">Create app</h2>
${alert(error)}
<form method="post" action="/developers/create">
  <input type="hidden" name="csrf" value="${esc(csrf)}">
  <label for="name">App name</label>
  <input id="name" name="name" required maxlength="100">
  <button type="submit">Create app</button>
</form></section>
<section class="card" aria-labelledby="sessions"><h2 id="sessions">Sessions</h2>
<p class="muted">Lost a device, or shared your password? Signing out everywhere ends every browser
session and every app's login; apps then ask for your password again. API keys stay.</p>
<form method="post" action="/logout">
  <input type="hidden" name="csrf" value="${esc(csrf)}">
  <input type="hidden" name="everywhere" value="1">
  <button type="submit">Sign out everywhere</button>
</form></section>`;
}

/**
 * Runs a log-in or sign-up form: on success the person gets a session and the developer page;
 * on a refusal the same form comes back with their values and what was wrong.
 */
async function submitAccountForm(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  title: string,
  render: (values: Form, error?: string) => string,
  act: (values: Form) => Promise<UserRecord>,
): Promise<FastifyReply> {
  const values = form(req);
  try {
    startSession(ctx, req, reply, await act(values));
    return reply.redirect('/developers', 303);
  } catch (err) {
    const status = err instanceof ApiError ? err.status : 400;
    return html(
      reply,
      status,
      page({ title, body: render(values, errorText(err)), signup: ctx.config.signup === 'open' }),
    );
  }
}

/** Sign-ups an address may make per hour unless the operator says otherwise. */
export const DEFAULT_SIGNUPS_PER_HOUR = 5;

/**
 * The answer to every accepted sign-up, new email or taken: the same page, so /signup does not
 * tell who has an account. Whoever owns the email logs in with their own password.
 */
const SIGNED_UP =
  'Sign-up received: log in with this email and your password. If the email already had an account, its password is unchanged.';

/**
 * Whether a form post comes from this server's own pages. Browsers send Origin (or at least
 * Referer, which these pages keep same-origin) with cross-site posts; scripts and old
 * browsers that send neither are let through, as they carry no victim's cookies.
 */
export function sameOrigin(ctx: ServerContext, req: FastifyRequest): boolean {
  let origin = req.headers.origin;
  if (origin === undefined && req.headers.referer !== undefined) {
    try {
      origin = new URL(req.headers.referer).origin;
    } catch {
      return false;
    }
  }
  if (origin === undefined) return true;
  return (
    origin === new URL(ctx.config.publicUrl).origin || origin === `${req.protocol}://${req.host}`
  );
}

export function webRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Every page of this server: links to /signup only while sign-up is open.
  const view = (o: PageOptions): string => page({ ...o, signup: ctx.config.signup === 'open' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
    done(null, body),
  );
  // Login CSRF, sign-ups and app creation from other sites: every form post must be our own.
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'POST' || sameOrigin(ctx, req)) return;
    const err = new ApiError('crossOrigin');
    return html(reply, err.status, view({ title: 'Gett', body: alert(err.message) }));
  });
  const signups = new WindowCounter(
    ctx.config.signupsPerHour ?? DEFAULT_SIGNUPS_PER_HOUR,
    3600 * 1000,
  );

  app.get('/', (req, reply) => {
    const session = currentSession(ctx, req);
    const body = session
      ? `<p>Signed in as ${esc(session.user.email)}. Manage your <a href="/developers">apps and API keys</a>.</p>`
      : `<p>This server shares files by link. Whoever gets a link opens it here and downloads the files, even while they are still uploading: no account needed.</p>
<p>Files are sent with Gett Desktop or any Ge.tt client (it speaks the Ge.tt API). <a href="/login">Log in</a>${ctx.config.signup === 'open' ? ' or <a href="/signup">sign up</a>' : ''} to get an API key for your own scripts and apps.</p>`;
    return html(
      reply,
      200,
      view({
        title: 'Gett',
        body,
        user: session && { name: session.user.fullname, csrf: session.csrf },
      }),
    );
  });

  app.get('/login', (_req, reply) =>
    html(reply, 200, view({ title: 'Log in', body: loginForm() })),
  );
  app.post('/login', (req, reply) =>
    submitAccountForm(ctx, req, reply, 'Log in', loginForm, (values) =>
      checkCredentials(ctx, values.email ?? '', values.password ?? '', req.ip),
    ),
  );

  const closed = `<p class="error" role="alert">Sign-up is closed on this server. Ask its operator for an account.</p>`;
  app.get('/signup', (_req, reply) =>
    ctx.config.signup === 'open'
      ? html(reply, 200, view({ title: 'Sign up', body: signupForm() }))
      : html(reply, 403, view({ title: 'Sign up', body: closed })),
  );
  app.post('/signup', async (req, reply) => {
    if (ctx.config.signup !== 'open')
      return html(reply, 403, view({ title: 'Sign up', body: closed }));
    const values = form(req);
    const from = addressKey(req.ip);
    if (signups.full(from)) {
      const err = new ApiError('tooManySignups');
      reply.header('retry-after', signups.retryAfter(from));
      return html(
        reply,
        err.status,
        view({ title: 'Sign up', body: signupForm(values, err.message) }),
      );
    }
    try {
      // Counted before the (slow) hashing, so parallel sign-ups cannot all pass the check.
      signups.add(from);
      await createAccount(ctx.meta, {
        email: values.email ?? '',
        password: values.password ?? '',
        fullname: values.fullname,
      });
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'emailTaken')) {
        signups.undo(from); // a form with a mistake is no sign-up
        const status = err instanceof ApiError ? err.status : 400;
        return html(
          reply,
          status,
          view({ title: 'Sign up', body: signupForm(values, errorText(err)) }),
        );
      }
    }
    const body = loginForm({ email: values.email ?? '' }, undefined, SIGNED_UP);
    return html(reply, 200, view({ title: 'Log in', body }));
  });

  app.post('/logout', (req, reply) => {
    const session = currentSession(ctx, req);
    const values = form(req);
    if (session && values.csrf === session.csrf) {
      // Everywhere: every browser, every app's refresh and access tokens (a lost laptop).
      if (values.everywhere) ctx.meta.revokeAllSessions(session.user.id);
      endSession(ctx, session, reply);
    }
    return reply.redirect('/', 303);
  });

  const developers = (req: FastifyRequest, reply: FastifyReply) => {
    const session = currentSession(ctx, req);
    if (!session) return reply.redirect('/login', 303);
    const body = developersPage(ctx, session.user.id, session.csrf);
    return html(
      reply,
      200,
      view({
        title: 'Developers',
        body,
        user: { name: session.user.fullname, csrf: session.csrf },
      }),
    );
  };
  app.get('/developers', developers);
  app.get('/developers/myapps', developers);
  app.get('/developers/create', (_req, reply) => reply.redirect('/developers#create', 303));
  app.post('/developers/create', (req, reply) => {
    const session = currentSession(ctx, req);
    if (!session) return reply.redirect('/login', 303);
    const values = form(req);
    const user = { name: session.user.fullname, csrf: session.csrf };
    if (values.csrf !== session.csrf) {
      const body = developersPage(
        ctx,
        session.user.id,
        session.csrf,
        undefined,
        'The form expired. Please try again.',
      );
      return html(reply, 403, view({ title: 'Developers', body, user }));
    }
    try {
      const { app: created, apikey } = createApp(ctx.meta, {
        name: values.name ?? '',
        ownerId: session.user.id,
      });
      const body = developersPage(ctx, session.user.id, session.csrf, {
        name: created.name,
        apikey,
      });
      return html(reply, 200, view({ title: 'Developers', body, user }));
    } catch (err) {
      const body = developersPage(ctx, session.user.id, session.csrf, undefined, errorText(err));
      return html(reply, 400, view({ title: 'Developers', body, user }));
    }
  });
}
