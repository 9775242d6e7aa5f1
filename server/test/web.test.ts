/** Account pages: sign up, log in, developers (apps + new API key), log out; signup closed. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signup: 'open', signupsPerHour: 0 });
});
afterAll(() => h.close());

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** The session cookie from a Set-Cookie header, ready for a Cookie header. */
function cookieOf(headers: Headers): string {
  const set = headers.getSetCookie().find((c) => c.startsWith('gett_session='));
  if (!set) throw new Error('no session cookie');
  return set.split(';')[0]!;
}

const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

/** Signs up (the answer is the login page) and logs in; returns the session cookie. */
async function signUp(fields: Record<string, string>): Promise<string> {
  const signup = await h.call('POST', '/signup', form(fields));
  expect(signup.status).toBe(200);
  expect(signup.text).toContain('Sign-up received');
  const login = await h.call(
    'POST',
    '/login',
    form({ email: fields.email!, password: fields.password! }),
  );
  expect(login.status).toBe(303);
  expect(login.headers.get('location')).toBe('/developers');
  return cookieOf(login.headers);
}

describe('open sign-up', () => {
  test('sign up → developers → create app → the key logs in over the API', async () => {
    const page = await h.call('GET', '/signup');
    expect(page.status).toBe(200);
    expect((await h.call('GET', '/login')).text).toContain('<a href="/signup">Sign up</a>');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('<label for="email">');
    expect(page.text).toContain('prefers-color-scheme: dark');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const signup = await h.call(
      'POST',
      '/signup',
      form({ fullname: '<Ann & Co>', email: 'ann@web.test', password: 'password123' }),
    );
    expect(signup.status).toBe(200);
    expect(signup.text).toContain('value="ann@web.test"');
    const session = await h.call(
      'POST',
      '/login',
      form({ email: 'ann@web.test', password: 'password123' }),
    );
    expect(session.status).toBe(303);
    expect(session.headers.get('location')).toBe('/developers');
    const setCookie = session.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = cookieOf(session.headers);

    const dev = await h.call('GET', '/developers', { headers: { cookie } });
    expect(dev.status).toBe(200);
    expect(dev.text).toContain('No apps yet');
    expect(dev.text).toContain('&lt;Ann &amp; Co&gt;');
    expect(dev.text).not.toContain('<Ann & Co>');

    const created = await h.call('POST', '/developers/create', {
      ...form({ name: 'My uploader', csrf: csrfOf(dev.text) }),
      headers: { ...form({}).headers, cookie },
    });
    expect(created.status).toBe(200);
    const apikey = /<code class="key">([^<]+)<\/code>/.exec(created.text)![1]!;
    expect(created.text).toContain('shown only once');

    const login = await h.call('POST', '/1/users/login', {
      body: { apikey, email: 'ann@web.test', password: 'password123' },
    });
    expect(login.status).toBe(200);

    const listed = await h.call('GET', '/developers', { headers: { cookie } });
    expect(listed.text).toContain('My uploader');
    expect(listed.text).not.toContain(apikey);
  });

  test('a forged form (wrong CSRF token) creates nothing', async () => {
    const cookie = await signUp({ email: 'csrf@web.test', password: 'password123' });
    const res = await h.call('POST', '/developers/create', {
      ...form({ name: 'Evil', csrf: 'forged' }),
      headers: { ...form({}).headers, cookie },
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('The form expired');
    expect(res.text).not.toContain('Evil');
  });

  test('sign-up errors are shown in the form, with the values kept', async () => {
    const short = await h.call('POST', '/signup', form({ email: 'short@web.test', password: 'x' }));
    expect(short.status).toBe(400);
    expect(short.text).toContain('role="alert"');
    expect(short.text).toContain('at least 8 characters');
    expect(short.text).toContain('value="short@web.test"');
  });
});

test('two sign-ups with one email at the same moment: one account, the same answer', async () => {
  const fields = form({ email: 'race@web.test', password: 'password123' });
  const results = await Promise.all([
    h.call('POST', '/signup', fields),
    h.call('POST', '/signup', fields),
  ]);
  expect(results.map((r) => r.status)).toEqual([200, 200]);
  // One account: its password logs in, and only one row has the email.
  const login = await h.call(
    'POST',
    '/login',
    form({ email: 'race@web.test', password: 'password123' }),
  );
  expect(login.status).toBe(303);
});

describe('log in and out', () => {
  test('wrong password shows an alert; right password starts a session', async () => {
    await signUp({ email: 'bo@web.test', password: 'password123' });
    const bad = await h.call('POST', '/login', form({ email: 'bo@web.test', password: 'nope' }));
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('Wrong email or password');
    const good = await h.call(
      'POST',
      '/login',
      form({ email: 'bo@web.test', password: 'password123' }),
    );
    expect(good.status).toBe(303);
    const cookie = cookieOf(good.headers);
    const dev = await h.call('GET', '/developers', { headers: { cookie } });
    expect(dev.status).toBe(200);
    const out = await h.call('POST', '/logout', {
      ...form({ csrf: csrfOf(dev.text) }),
      headers: { ...form({}).headers, cookie },
    });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join()).toMatch(/gett_session=;/);
  });

  test('no or tampered cookie → redirected to the login page', async () => {
    expect((await h.call('GET', '/developers')).headers.get('location')).toBe('/login');
    const tampered = await h.call('GET', '/developers', {
      headers: { cookie: 'gett_session=uAAAA.9999999999.forged' },
    });
    expect(tampered.status).toBe(303);
    expect(tampered.headers.get('location')).toBe('/login');
  });
});

test('sign-up is closed by default; the page says whom to ask', async () => {
  const closed = await startHarness();
  try {
    const page = await closed.call('GET', '/signup');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Sign-up is closed');
    // No page of a closed server offers a way in that is not there.
    expect((await closed.call('GET', '/')).text).toContain('This server shares files by link.');
    for (const path of ['/', '/login', '/signup']) {
      expect((await closed.call('GET', path)).text).not.toContain('href="/signup"');
    }
    const post = await closed.call(
      'POST',
      '/signup',
      form({ email: 'x@web.test', password: 'password123' }),
    );
    expect(post.status).toBe(403);
    expect(
      (await closed.call('POST', '/login', form({ email: 'x@web.test', password: 'password123' })))
        .status,
    ).toBe(401);
  } finally {
    await closed.close();
  }
});
