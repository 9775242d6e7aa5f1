/**
 * Links that end (extension): `expires`, `maxdownloads` and `password` on share create and
 * update, how share and file objects show them, and the server's expiry flags.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asShare, startHarness, type Harness, type Login } from './harness.js';

const now = (): number => Math.floor(Date.now() / 1000);

let h: Harness;
let owner: Login;
let t: string;
beforeAll(async () => {
  h = await startHarness();
  owner = await h.login();
  t = `?accesstoken=${owner.accesstoken}`;
});
afterAll(() => h.close());

async function create(body?: unknown) {
  return h.call('POST', `/1/shares/create${t}`, { body });
}

describe('wire protocol', () => {
  test('a share made with expiry, limit and password carries them, never the password', async () => {
    const expires = now() + 3 * 86400;
    const res = await create({ title: 'T', expires, maxdownloads: 2, password: 'open sesame' });
    expect(res.status).toBe(200);
    const share = asShare(res);
    expect(share).toMatchObject({ title: 'T', expires, maxdownloads: 2, protected: true });
    expect(res.text).not.toContain('sesame');
    expect(res.text).not.toContain('scrypt');
    const file = await h.call('POST', `/1/files/${share.sharename}/create${t}`, {
      body: { filename: 'a.txt' },
    });
    expect(file.json).toMatchObject({ downloads: 0, downloadsleft: 2 });
    // A protected share's files are read by its owner (or with an unlock token: unlock.test.ts).
    const read = await h.call('GET', `/1/files/${share.sharename}/0${t}`);
    expect(read.json).toMatchObject({ downloadsleft: 2 });
    const again = asShare(await h.call('GET', `/1/shares/${share.sharename}${t}`));
    expect(again).toMatchObject({ expires, maxdownloads: 2, protected: true });
    expect(again.files[0]).toMatchObject({ downloadsleft: 2 });
  });

  test('a request without the new fields answers exactly as before', async () => {
    const share = asShare(await create({ title: 'plain' }));
    for (const key of ['expires', 'maxdownloads', 'protected', 'password']) {
      expect(share).not.toHaveProperty(key);
    }
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'a' } });
    const updated = await h.call('POST', `/1/shares/${share.sharename}/update${t}`, {
      body: { title: 'renamed' },
    });
    expect(Object.keys(updated.json as object).sort()).toEqual(
      ['created', 'files', 'fullname', 'getturl', 'live', 'sharename', 'title', 'userid'].sort(),
    );
    expect(Object.keys((asShare(updated).files[0] ?? {}) as object)).not.toContain('downloadsleft');
  });

  test('update sets, changes and clears each option; absent keys stay', async () => {
    const share = asShare(await create());
    const url = `/1/shares/${share.sharename}/update${t}`;
    const expires = now() + 3600;
    let s = asShare(
      await h.call('POST', url, { body: { expires, maxdownloads: 5, password: 'pw' } }),
    );
    expect(s).toMatchObject({ expires, maxdownloads: 5, protected: true });
    s = asShare(await h.call('POST', url, { body: { title: 'only the title' } }));
    expect(s).toMatchObject({ expires, maxdownloads: 5, protected: true, title: 'only the title' });
    s = asShare(await h.call('POST', url, { body: { maxdownloads: 1, password: '' } }));
    expect(s).toMatchObject({ expires, maxdownloads: 1 });
    expect(s).not.toHaveProperty('protected');
    s = asShare(
      await h.call('POST', url, { body: { expires: null, maxdownloads: null, password: null } }),
    );
    for (const key of ['expires', 'maxdownloads', 'protected']) expect(s).not.toHaveProperty(key);
  });

  test('bad values are refused with 400, a code and what is allowed; nothing changes', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ expires: now() - 10 }, 'badExpires', /future time in unix seconds/],
      [{ expires: 'tomorrow' }, 'badExpires', /unix seconds/],
      [{ expires: now() + 0.5 }, 'badExpires', /whole number/],
      [{ maxdownloads: 0 }, 'badMaxDownloads', /from 1 to/],
      [{ maxdownloads: 2.5 }, 'badMaxDownloads', /whole number/],
      [{ maxdownloads: '3' }, 'badMaxDownloads', /whole number/],
      [{ password: 42 }, 'badSharePassword', /string/],
      [{ password: 'x'.repeat(1001) }, 'badSharePassword', /1000 characters/],
    ];
    const share = asShare(await create());
    for (const [body, code, message] of cases) {
      for (const url of ['/1/shares/create', `/1/shares/${share.sharename}/update`]) {
        const res = await h.call('POST', `${url}${t}`, { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json).toMatchObject({ code });
        expect((res.json as { error: string }).error).toMatch(message);
      }
    }
    const after = asShare(await h.call('GET', `/1/shares/${share.sharename}${t}`));
    for (const key of ['expires', 'maxdownloads', 'protected']) {
      expect(after).not.toHaveProperty(key);
    }
    const shares = (await h.call('GET', `/1/shares${t}`)).json as unknown[];
    expect(shares.length).toBeLessThan(10);
  });
});

describe('server expiry flags', () => {
  test('a default expiry applies to shares made without one; a maximum bounds them', async () => {
    const s = await startHarness({ defaultExpirySeconds: 3600, maxExpirySeconds: 86400 });
    try {
      const login = await s.login();
      const q = `?accesstoken=${login.accesstoken}`;
      const before = now();
      const share = asShare(await s.call('POST', `/1/shares/create${q}`));
      expect(share.expires).toBeGreaterThanOrEqual(before + 3600);
      expect(share.expires).toBeLessThanOrEqual(now() + 3600);
      // No expiry is still allowed when asked for: the default is only a default.
      const forever = asShare(
        await s.call('POST', `/1/shares/create${q}`, { body: { expires: null } }),
      );
      expect(forever).not.toHaveProperty('expires');
      const late = await s.call('POST', `/1/shares/create${q}`, {
        body: { expires: now() + 2 * 86400 },
      });
      expect(late.status).toBe(400);
      expect(late.json).toMatchObject({ code: 'expiryTooLate' });
      expect((late.json as { error: string }).error).toMatch(/at most 86400 seconds/);
    } finally {
      await s.close();
    }
  });

  test('without shares that live forever, old clients get the longest life allowed', async () => {
    const s = await startHarness({ maxExpirySeconds: 7 * 86400, allowNoExpiry: false });
    try {
      const login = await s.login();
      const q = `?accesstoken=${login.accesstoken}`;
      // An old client's create (no new fields) still works.
      const share = asShare(await s.call('POST', `/1/shares/create${q}`, { body: { title: 'x' } }));
      expect(share.expires).toBeGreaterThanOrEqual(now() + 7 * 86400 - 5);
      const clear = await s.call('POST', `/1/shares/${share.sharename}/update${q}`, {
        body: { expires: null },
      });
      expect(clear.status).toBe(400);
      expect(clear.json).toMatchObject({ code: 'expiryRequired' });
    } finally {
      await s.close();
    }
  });
});
