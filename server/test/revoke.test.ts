/**
 * Revocation (#12): logging out ends the session for every copy of its cookie; signing out
 * everywhere (web, API or `gett-server tokens revoke`) ends every session and token of the
 * user; refresh tokens unused for too long expire.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { revokeTokens } from '../admin.js';
import { migrate, migrations } from '../storage/schema.js';
import { errorOf, startHarness, tempDir, type Harness, type Login } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signup: 'open' });
});
afterAll(() => h.close());

const form = (fields: Record<string, string>, cookie?: string) => ({
  body: new URLSearchParams(fields).toString(),
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    ...(cookie ? { cookie } : {}),
  },
});

function cookieOf(headers: Headers): string {
  const set = headers.getSetCookie().find((c) => c.startsWith('gett_session='));
  if (!set) throw new Error('no session cookie');
  return set.split(';')[0]!;
}
const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

async function webLogin(who: Login): Promise<string> {
  const res = await h.call('POST', '/login', form({ email: who.email, password: who.password }));
  expect(res.status).toBe(303);
  return cookieOf(res.headers);
}
const signedIn = async (cookie: string) =>
  (await h.call('GET', '/developers', { headers: { cookie } })).status === 200;
const apiWorks = async (token: string) =>
  (await h.call('GET', `/1/users/me?accesstoken=${token}`)).status === 200;
const refresh = (refreshtoken: string) =>
  h.call('POST', '/1/users/login', { body: { refreshtoken } });

describe('web sessions', () => {
  test('a copy of the cookie stops working once its session logs out', async () => {
    const me = await h.login();
    const cookie = await webLogin(me);
    const copy = cookie; // what someone who copied it holds
    const page = await h.call('GET', '/developers', { headers: { cookie } });
    const out = await h.call('POST', '/logout', form({ csrf: csrfOf(page.text) }, cookie));
    expect(out.status).toBe(303);
    expect(await signedIn(copy)).toBe(false);
    // Another browser's session of the same user is not affected by this logout.
    const other = await webLogin(me);
    expect(await signedIn(other)).toBe(true);
  });

  test('"Sign out everywhere" ends every browser session and every API token', async () => {
    const me = await h.login();
    const here = await webLogin(me);
    const elsewhere = await webLogin(me);
    const page = await h.call('GET', '/developers', { headers: { cookie: here } });
    expect(page.text).toContain('Sign out everywhere');
    const out = await h.call(
      'POST',
      '/logout',
      form({ csrf: csrfOf(page.text), everywhere: '1' }, here),
    );
    expect(out.status).toBe(303);
    expect(await signedIn(here)).toBe(false);
    expect(await signedIn(elsewhere)).toBe(false);
    expect(await apiWorks(me.accesstoken)).toBe(false);
    expect((await refresh(me.refreshtoken)).status).toBe(401);
    // The password still works, at once.
    expect(await signedIn(await webLogin(me))).toBe(true);
  });
});

describe('API tokens', () => {
  test('POST /1/users/logout revokes that refresh token only', async () => {
    const me = await h.login();
    const second = (
      await h.call('POST', '/1/users/login', {
        body: { apikey: me.apikey, email: me.email, password: me.password },
      })
    ).json as { refreshtoken: string };
    const res = await h.call('POST', '/1/users/logout', {
      body: { refreshtoken: me.refreshtoken },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true });
    const refused = await refresh(me.refreshtoken);
    expect(refused.status).toBe(401);
    expect(errorOf(refused)).toMatch(/revoked/);
    expect((await refresh(second.refreshtoken)).status).toBe(200);
  });

  test('POST /1/users/logout/all refuses every access and refresh token issued so far', async () => {
    const me = await h.login();
    const res = await h.call('POST', `/1/users/logout/all?accesstoken=${me.accesstoken}`);
    expect(res.status).toBe(200);
    expect(await apiWorks(me.accesstoken)).toBe(false);
    expect((await refresh(me.refreshtoken)).status).toBe(401);
    // A login right after (even within the same second) gets tokens that work.
    const again = await h.call('POST', '/1/users/login', {
      body: { apikey: me.apikey, email: me.email, password: me.password },
    });
    const fresh = again.json as { accesstoken: string; refreshtoken: string };
    expect(await apiWorks(fresh.accesstoken)).toBe(true);
    expect((await refresh(fresh.refreshtoken)).status).toBe(200);
  });

  test('the operator signs a user out everywhere on a running server (tokens revoke)', async () => {
    const me = await h.login();
    const cookie = await webLogin(me);
    await revokeTokens(h.dataDir, { email: ` ${me.email.toUpperCase()} ` });
    expect(await apiWorks(me.accesstoken)).toBe(false);
    expect((await refresh(me.refreshtoken)).status).toBe(401);
    expect(await signedIn(cookie)).toBe(false);
    await expect(revokeTokens(h.dataDir, { email: 'nobody@example.com' })).rejects.toThrow(
      /no account/,
    );
  });

  test('a refresh token unused for more than 30 days expires; a used one lives on', async () => {
    const idle = await h.login();
    const busy = await h.login();
    const db = new Database(path.join(h.dataDir, 'gett.sqlite'));
    try {
      const ago = (days: number) => Math.floor(Date.now() / 1000) - days * 86400;
      const set = db.prepare('UPDATE refresh_tokens SET last_used = ? WHERE user_id = ?');
      set.run(ago(31), idle.user.userid);
      set.run(ago(29), busy.user.userid);
    } finally {
      db.close();
    }
    const expired = await refresh(idle.refreshtoken);
    expect(expired.status).toBe(401);
    expect(errorOf(expired)).toMatch(/unused for more than 30 days/);
    expect((await refresh(busy.refreshtoken)).status).toBe(200);
    // Using it started its idle time again.
    expect((await refresh(busy.refreshtoken)).status).toBe(200);
  });
});

test('data dirs from before revocation upgrade in place; their refresh tokens get a full idle period', () => {
  const db = new Database(path.join(tempDir(), 'old.sqlite'));
  try {
    // A version-1 database with a user and a refresh token issued a year ago.
    db.exec(migrations[0]!);
    db.pragma('user_version = 1');
    const yearAgo = Math.floor(Date.now() / 1000) - 365 * 86400;
    db.prepare("INSERT INTO users VALUES ('u1', 'a@x', 'A', 'h', 1, ?)").run(yearAgo);
    db.prepare(
      "INSERT INTO refresh_tokens (id, app_id, user_id, created) VALUES ('t1', 'web', 'u1', ?)",
    ).run(yearAgo);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const token = db.prepare("SELECT last_used FROM refresh_tokens WHERE id = 't1'").get() as {
      last_used: number;
    };
    expect(Math.abs(token.last_used - Date.now() / 1000)).toBeLessThan(60);
    const user = db.prepare("SELECT tokens_valid_after FROM users WHERE id = 'u1'").get();
    expect(user).toEqual({ tokens_valid_after: 0 });
  } finally {
    db.close();
  }
});
