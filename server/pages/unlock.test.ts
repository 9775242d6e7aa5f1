/**
 * Recipient pages of shares that end: "Expires in …" and "N downloads left", a password form for
 * protected shares (an HttpOnly cookie scoped to the share's path after it, which the page's
 * file links, its progress poll and Download all carry), wrong and too many passwords said so,
 * cross-site posts refused, and expired or used-up shares said plainly with nothing leaked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverExtensions } from '../extensions.js';
import { asFile, asShare, startHarness, type Harness, type Login } from '../test/harness.js';

let h: Harness;
let owner: Login;
beforeAll(async () => {
  h = await startHarness({
    extensions: serverExtensions,
    trustProxy: true,
    unlockLimits: { perAccountAddress: 3, perAccount: 100, perAddress: 100, windowMs: 600_000 },
  });
  owner = await h.login();
});
afterAll(() => h.close());

const now = () => Math.floor(Date.now() / 1000);
let addresses = 0;
const freshAddress = () => `10.2.0.${++addresses}`;

/** A share with "secret-plans.txt" (and optionally more files), uploaded. */
async function share(options: Record<string, unknown>, names = ['secret-plans.txt']) {
  const t = `?accesstoken=${owner.accesstoken}`;
  const s = asShare(
    await h.call('POST', `/1/shares/create${t}`, { body: { title: 'Board minutes', ...options } }),
  );
  for (const filename of names) {
    const f = asFile(
      await h.call('POST', `/1/files/${s.sharename}/create${t}`, { body: { filename } }),
    );
    expect((await h.call('PUT', f.upload!.puturl, { body: 'the plans' })).status).toBe(200);
  }
  return s.sharename;
}

async function get(path: string, init: { cookie?: string; address?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.address) headers['x-forwarded-for'] = init.address;
  const res = await fetch(`${h.server.url}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function post(
  sharename: string,
  fields: Record<string, string>,
  init: { origin?: string; address?: string } = {},
) {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    origin: init.origin ?? h.server.url,
    'x-forwarded-for': init.address ?? freshAddress(),
  };
  return fetch(`${h.server.url}/${sharename}/unlock`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** Unlocks through the form and returns the cookie the browser would keep. */
async function unlockCookie(sharename: string, password: string) {
  const res = await post(sharename, { password, next: `/${sharename}` });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { setCookie, cookie: setCookie.split(';')[0]!, location: res.headers.get('location') };
}

describe('a protected share', () => {
  test('shows only a password form: no title, files or sizes', async () => {
    const s = await share({ password: 'hunter2', maxdownloads: 2, expires: now() + 86400 });
    for (const path of [`/${s}`, `/${s}/v/0`]) {
      const page = await get(path);
      expect(page.status, path).toBe(401);
      expect(page.text).toContain('This share is protected');
      expect(page.text).toMatch(/<form[^>]+method="post" action="\/[^"]+\/unlock"/);
      expect(page.text).toContain('type="password"');
      // What a visitor reads: the page without its style sheet.
      const shown = page.text.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
      for (const leak of ['Board minutes', 'secret-plans', 'B ·', 'Expires', 'downloads left']) {
        expect(shown, leak).not.toContain(leak);
      }
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    }
    expect((await get(`/${s}/progress`)).status).toBe(401);
    expect((await get(`/${s}/v/0/blob?download`)).status).toBe(401);
    expect((await get(`/${s}/zip`)).status).toBe(401);
  });

  test('a wrong password says so; the right one sets an HttpOnly cookie for this share only', async () => {
    const s = await share({ password: 'hunter2' });
    const wrong = await post(s, { password: 'hunter3', next: `/${s}` });
    expect(wrong.status).toBe(401);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('Wrong password.');
    expect(wrongPage).toContain('role="alert"');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const { setCookie, cookie, location } = await unlockCookie(s, 'hunter2');
    expect(location).toBe(`/${s}`);
    expect(setCookie).toMatch(new RegExp(`Path=/${s}(;|$)`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toMatch(/Max-Age=86400/);

    const page = await get(`/${s}`, { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Board minutes</h1>');
    expect(page.text).toContain('secret-plans.txt');
    // The page's links live under the share's path, where the cookie goes.
    expect(page.text).toContain(`href="/${s}/v/0/blob?download"`);
    expect(page.text).toContain(`href="/${s}/zip"`);
    const download = await get(`/${s}/v/0/blob?download`, { cookie });
    expect(download.status).toBe(302);
    expect(
      (
        await get(
          new URL(download.headers.get('location')!).pathname +
            new URL(download.headers.get('location')!).search,
        )
      ).text,
    ).toBe('the plans');
    expect((await get(`/${s}/v/0`, { cookie })).status).toBe(200);
    expect((await get(`/${s}/progress`, { cookie })).status).toBe(200);
    expect((await get(`/${s}/zip`, { cookie })).status).toBe(200);

    // The cookie of one share opens no other.
    const other = await share({ password: 'hunter2' });
    expect((await get(`/${other}`, { cookie })).status).toBe(401);
    expect((await get(`/${other}/v/0/blob`, { cookie })).status).toBe(401);
  });

  test('returns to the file page it came from, never to another site', async () => {
    const s = await share({ password: 'pw' });
    const file = await post(s, { password: 'pw', next: `/${s}/v/0` });
    expect(file.headers.get('location')).toBe(`/${s}/v/0`);
    for (const next of ['//evil.example/', 'https://evil.example/', `/${s}x`, '/login']) {
      const res = await post(s, { password: 'pw', next });
      expect(res.headers.get('location'), next).toBe(`/${s}`);
    }
  });

  test('too many wrong passwords say when to try again', async () => {
    const s = await share({ password: 'right' });
    const me = freshAddress();
    for (let i = 0; i < 3; i++) {
      expect((await post(s, { password: 'wrong' }, { address: me })).status).toBe(401);
    }
    const blocked = await post(s, { password: 'right' }, { address: me });
    expect(blocked.status).toBe(429);
    const wait = Number(blocked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(500);
    expect(await blocked.text()).toContain(
      `Too many wrong passwords for this share. Try again in ${Math.ceil(wait / 60)} minutes.`,
    );
    expect(blocked.headers.get('set-cookie')).toBeNull();
  });

  test('a form sent from another site is refused and unlocks nothing', async () => {
    const s = await share({ password: 'pw' });
    const res = await post(s, { password: 'pw' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('another site');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('links that end', () => {
  test('the page says when the share expires and how many downloads are left', async () => {
    const s = await share({ expires: now() + 3 * 86400 + 60, maxdownloads: 3 }, ['a.txt', 'b.txt']);
    expect((await get(`/1/files/${s}/0/blob`)).status).toBe(302);
    const page = await get(`/${s}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Expires in 3 days');
    expect(page.text).toContain('2 downloads left');
    expect(page.text).toContain('3 downloads left');
    const file = await get(`/${s}/v/0`);
    expect(file.text).toContain('Expires in 3 days');
    expect(file.text).toContain('2 downloads left');
  });

  test('a file that used up its limit says so and offers no download', async () => {
    const s = await share({ maxdownloads: 1 }, ['a.txt', 'b.txt']);
    expect((await get(`/1/files/${s}/0/blob`)).status).toBe(302);
    const page = await get(`/${s}`);
    expect(page.status).toBe(200);
    const item = /<li class="file" data-fileid="0"[\s\S]*?<\/li>/.exec(page.text)![0];
    expect(item).toContain('Download limit reached');
    expect(item).toContain('0 downloads left');
    expect(item).toMatch(/class="button download"[^>]* hidden>/);
  });

  test('a used-up share says so plainly, with nothing else', async () => {
    const s = await share({ maxdownloads: 1 });
    expect((await get(`/1/files/${s}/0/blob`)).status).toBe(302);
    for (const path of [`/${s}`, `/${s}/v/0`]) {
      const page = await get(path);
      expect(page.status, path).toBe(410);
      expect(page.text).toContain('Download limit reached');
      expect(page.text).not.toContain('Board minutes');
      expect(page.text).not.toContain('secret-plans');
    }
  });

  test('an expired share says so plainly, with nothing else', async () => {
    const s = await share({ expires: now() + 2 });
    await new Promise((r) => setTimeout(r, 2100));
    for (const path of [`/${s}`, `/${s}/v/0`]) {
      const page = await get(path);
      expect(page.status, path).toBe(410);
      expect(page.text).toContain('This link has expired');
      expect(page.text).not.toContain('Board minutes');
      expect(page.text).not.toContain('secret-plans');
    }
    // Removed by its owner reads differently.
    const removed = await share({});
    await h.call('POST', `/1/shares/${removed}/destroy?accesstoken=${owner.accesstoken}`);
    expect((await get(`/${removed}`)).text).toContain('removed by the owner');
  });
});
