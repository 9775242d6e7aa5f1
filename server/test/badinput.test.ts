/** Bad input never crashes the server or yields a 5xx: it gets a clear 4xx JSON error. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { errorOf, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let me: Login;
let sharename: string;

beforeAll(async () => {
  h = await startHarness();
  me = await h.login();
  const t = `?accesstoken=${me.accesstoken}`;
  sharename = ((await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string })
    .sharename;
  await h.call('POST', `/1/files/${sharename}/create${t}`, { body: { filename: 'a' } });
});
afterAll(() => h.close());

const posts = () => [
  '/1/users/login',
  `/1/shares/create?accesstoken=${me.accesstoken}`,
  `/1/shares/${sharename}/update?accesstoken=${me.accesstoken}`,
  `/1/files/${sharename}/create?accesstoken=${me.accesstoken}`,
];

test('malformed JSON is a 400 that shows the expected form', async () => {
  for (const url of posts()) {
    for (const type of [undefined, 'application/json', 'application/x-www-form-urlencoded']) {
      const res = await h.call('POST', url, {
        body: '{"title": "unterminated',
        headers: type ? { 'content-type': type } : {},
      });
      expect(res.status, `${url} ${type}`).toBe(400);
      expect(errorOf(res)).toMatch(/not valid JSON/);
    }
  }
});

test('JSON that is not an object is a 400', async () => {
  for (const body of ['[1,2]', '"text"', '42', 'true']) {
    const res = await h.call('POST', posts()[1]!, { body });
    expect(res.status, body).toBe(400);
    expect(errorOf(res)).toMatch(/JSON object/);
  }
});

test('wrong field types are a 400 naming the field', async () => {
  const res = await h.call('POST', posts()[1]!, { body: { title: { nested: true } } });
  expect(res.status).toBe(400);
  expect(errorOf(res)).toMatch(/title/);
  const login = await h.call('POST', '/1/users/login', { body: { email: 5 } });
  expect(login.status).toBe(400);
  expect(errorOf(login)).toMatch(/email/);
});

test('an oversized API body is a 413', async () => {
  const res = await h.call('POST', posts()[1]!, {
    body: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }),
  });
  expect(res.status).toBe(413);
  expect(errorOf(res)).toMatch(/too large/);
});

test('unknown paths and methods are JSON 404s', async () => {
  for (const [method, url] of [
    ['GET', '/1/nothing'],
    ['DELETE', '/1/shares/x'],
    ['GET', '/1/files/x/y/z/w'],
    ['PATCH', '/1/users/me'],
  ] as const) {
    const res = await h.call(method, url);
    expect(res.status, url).toBe(404);
    expect(errorOf(res)).toBe('not found');
  }
});

test('broken URL encoding, odd query strings and huge ids are 4xx', async () => {
  for (const url of [
    '/1/shares/%ff%fe',
    '/1/files/%E0%A4%A/0',
    `/1/shares/${'x'.repeat(5000)}`,
    `/1/files/${sharename}/${'9'.repeat(400)}`,
    `/1/users/me?accesstoken=a&accesstoken=b`,
    `/1/users/me?accesstoken[]=x`,
    `/1/shares?accesstoken=${me.accesstoken}&skip=1e400`,
  ]) {
    const res = await h.call('GET', url);
    expect(res.status, url).toBeGreaterThanOrEqual(400);
    expect(res.status, url).toBeLessThan(500);
  }
});

test('random bytes to every endpoint never produce a 5xx', async () => {
  const urls = [
    ...posts(),
    `/1/files/${sharename}/0/destroy?accesstoken=${me.accesstoken}`,
    `/1/upload/${sharename}/0?exp=1&sig=x`,
    `/1/blobs/${sharename}/0/a?exp=99999999999&sig=${'A'.repeat(43)}`,
    '/login',
    '/signup',
    '/developers/create',
  ];
  for (let i = 0; i < 60; i++) {
    const url = urls[i % urls.length]!;
    const types = ['application/json', 'multipart/form-data; boundary=x', 'text/plain', ''];
    const res = await h.call('POST', url, {
      body: randomBytes(1 + ((i * 37) % 500)),
      headers: types[i % types.length] ? { 'content-type': types[i % types.length]! } : {},
    });
    expect(res.status, `${url} #${i}`).toBeLessThan(500);
  }
  expect((await h.call('GET', `/1/users/me?accesstoken=${me.accesstoken}`)).status).toBe(200);
});

test('every error body carries a stable code next to the message old clients read', async () => {
  const cases: [string, string, number, string][] = [
    ['GET', '/1/shares/nosuchsh', 404, 'shareNotFound'],
    ['GET', `/1/shares?accesstoken=bogus`, 401, 'invalidToken'],
    ['GET', '/no/such/path', 404, 'notFound'],
  ];
  for (const [method, url, status, code] of cases) {
    const res = await h.call(method, url);
    expect(res.status, url).toBe(status);
    expect(res.json, url).toMatchObject({ code });
    expect(typeof (res.json as { error?: unknown }).error, url).toBe('string');
  }
  const tooBig = await h.call('POST', posts()[1]!, { body: 'x'.repeat(2 * 1024 * 1024) });
  expect(tooBig.json).toMatchObject({ code: 'bodyTooLarge' });
});
