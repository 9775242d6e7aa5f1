/** Login, tokens and rate limiting (gett-api.md §2), and the body quirks of §1. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LoginResponseSchema } from '../../shared/gett.js';
import { Signer } from '../auth/signer.js';
import { Tokens } from '../auth/tokens.js';
import { asUser, errorOf, startHarness, wire, type Harness, type Login } from './harness.js';

let h: Harness;
let me: Login;
const q = (extra = ''): string => `?accesstoken=${me.accesstoken}${extra}`;

beforeAll(async () => {
  h = await startHarness();
  me = await h.login();
});
afterAll(() => h.close());

describe('login and tokens (§2)', () => {
  test('password login answers the documented shape with a JETT-readable token', async () => {
    const res = await h.call('POST', '/1/users/login', {
      body: { apikey: me.apikey, email: me.email, password: me.password },
    });
    expect(res.status).toBe(200);
    const login = wire(LoginResponseSchema, res);
    expect(login.expires).toBe(86400);
    const parts = login.accesstoken.split('.');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('a');
    expect(parts[2]).toBe(login.user.userid);
    const expiry = Number(parts[3]);
    expect(expiry - Date.now() / 1000).toBeGreaterThan(86000);
    expect(login.refreshtoken.startsWith('r.')).toBe(true);
    expect(login.user.storage).toMatchObject({ used: 0, limit: 2_000_000_000, extra: 0 });
  });

  test('refresh tokens can be used again and again (CLI keeps one forever)', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await h.call('POST', '/1/users/login', {
        body: { refreshtoken: me.refreshtoken },
      });
      expect(res.status).toBe(200);
      const login = wire(LoginResponseSchema, res);
      expect(login.refreshtoken).toBe(me.refreshtoken);
      expect((await h.call('GET', `/1/users/me?accesstoken=${login.accesstoken}`)).status).toBe(
        200,
      );
    }
  });

  test('the body is JSON whatever the Content-Type says (Perl sends form-urlencoded)', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain;charset=UTF-8',
      'application/octet-stream',
    ]) {
      const res = await h.call('POST', '/1/users/login', {
        body: { apikey: me.apikey, email: me.email, password: me.password },
        headers: { 'content-type': type },
      });
      expect(res.status, type).toBe(200);
    }
  });

  test('wrong password, unknown email, bad apikey and bad refresh token are 401 JSON errors', async () => {
    const wrong = await h.call('POST', '/1/users/login', {
      body: { apikey: me.apikey, email: me.email, password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong)).toBe('Wrong email or password');
    const unknown = await h.call('POST', '/1/users/login', {
      body: { apikey: me.apikey, email: 'nobody@example.com', password: 'x' },
    });
    expect(errorOf(unknown)).toBe('Wrong email or password');
    const badKey = await h.call('POST', '/1/users/login', {
      body: { apikey: 'not-a-key', email: me.email, password: me.password },
    });
    expect(badKey.status).toBe(401);
    expect(errorOf(badKey)).toMatch(/apikey/);
    const forged = me.refreshtoken.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const badRefresh = await h.call('POST', '/1/users/login', { body: { refreshtoken: forged } });
    expect(badRefresh.status).toBe(401);
    expect(errorOf(badRefresh)).toMatch(/refreshtoken/);
  });

  test('the web login /u/login answers a session with the token and free space', async () => {
    const res = await h.call('POST', '/u/login', {
      body: { email: me.email, password: me.password, autologin: true },
    });
    expect(res.status).toBe(200);
    const session = wire(LoginResponseSchema, res);
    expect(session.free).toBe(session.user.storage.limit - session.user.storage.used);
    expect((await h.call('GET', `/1/users/me?accesstoken=${session.accesstoken}`)).status).toBe(
      200,
    );
    const wrong = await h.call('POST', '/u/login', { body: { email: me.email, password: 'x' } });
    expect(errorOf(wrong)).toBe('Wrong email or password');
  });

  test('a byte-order mark before the JSON is ignored', async () => {
    const res = await h.call('POST', '/1/users/login', {
      body: `\uFEFF${JSON.stringify({ apikey: me.apikey, email: me.email, password: me.password })}`,
    });
    expect(res.status).toBe(200);
  });

  test('a login without apikey works (late clients send only email and password)', async () => {
    const res = await h.call('POST', '/1/users/login', {
      body: { email: me.email, password: me.password },
    });
    expect(res.status).toBe(200);
  });

  test('failed logins are limited per account and address, with a clear 429', async () => {
    const victim = await h.login();
    const attempt = (password: string) =>
      h.call('POST', '/1/users/login', { body: { email: victim.email, password } });
    for (let i = 0; i < 10; i++) expect((await attempt('wrong')).status).toBe(401);
    const blocked = await attempt(victim.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('900');
    expect(errorOf(blocked)).toMatch(/wait 15 minutes/);
    // Other accounts are unaffected.
    expect((await h.call('GET', `/1/users/me${q()}`)).status).toBe(200);
  });

  test('missing, tampered and expired access tokens are refused with what to do', async () => {
    const missing = await h.call('GET', '/1/users/me');
    expect(missing.status).toBe(401);
    expect(errorOf(missing)).toMatch(/log in/);
    const tampered = me.accesstoken.replace(/\.(\d+)\./, (_m, exp: string) => `.${+exp + 1000}.`);
    expect((await h.call('GET', `/1/users/me?accesstoken=${tampered}`)).status).toBe(401);
    const secret = Buffer.from(fs.readFileSync(path.join(h.dataDir, 'secret'), 'utf8').trim());
    const [, appId = '', userId = ''] = me.accesstoken.split('.');
    const old = new Tokens(new Signer(secret)).issueAccess(
      { appId, userId },
      Math.floor(Date.now() / 1000) - 2 * 86400,
    );
    const expired = await h.call('GET', `/1/users/me?accesstoken=${old}`);
    expect(expired.status).toBe(401);
    expect(errorOf(expired)).toMatch(/expired/);
  });

  test('a token wrapped in braces is accepted (JabRef script)', async () => {
    expect((await h.call('GET', `/1/users/me?accesstoken={${me.accesstoken}}`)).status).toBe(200);
  });

  test('the data dir keeps its HMAC key private (mode 0600)', () => {
    expect(fs.statSync(path.join(h.dataDir, 'secret')).mode & 0o777).toBe(0o600);
  });

  test('users/me answers the user object', async () => {
    const user = asUser(await h.call('GET', `/1/users/me${q('&t=12345')}`));
    expect(user.userid).toBe(me.user.userid);
    expect(user.email).toBe(me.email);
    expect(user.fullname).toBe('Test User');
    expect(typeof user.files).toBe('number');
  });
});
