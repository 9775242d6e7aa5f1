/**
 * The account pages under attack (#12): sign-ups limited per address, /signup answers the
 * same whether or not the email has an account, and form posts from other sites are refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signup: 'open', trustProxy: true });
});
afterAll(() => h.close());

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
});
const from = (address: string) => ({ 'x-forwarded-for': address });

test('40 sign-ups from one address: 5 accounts, then 429 with Retry-After', async () => {
  const statuses: number[] = [];
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      h.call(
        'POST',
        '/signup',
        form({ email: `bulk${i}@abuse.test`, password: 'password123' }, from('10.9.9.9')),
      ),
    ),
  );
  for (const r of results) statuses.push(r.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  const refused = results.find((r) => r.status === 429)!;
  expect(refused.text).toContain('too many sign-ups from this address');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
  // Another address still signs up.
  const other = await h.call(
    'POST',
    '/signup',
    form({ email: 'fine@abuse.test', password: 'password123' }, from('10.9.9.10')),
  );
  expect(other.status).toBe(200);
});

test('a form with a mistake does not use up the sign-up allowance', async () => {
  for (let i = 0; i < 8; i++) {
    const bad = await h.call(
      'POST',
      '/signup',
      form({ email: `typo${i}@abuse.test`, password: 'short' }, from('10.9.9.11')),
    );
    expect(bad.status).toBe(400);
  }
  const good = await h.call(
    'POST',
    '/signup',
    form({ email: 'typo@abuse.test', password: 'password123' }, from('10.9.9.11')),
  );
  expect(good.status).toBe(200);
});

test('/signup answers the same for a new email and one that has an account', async () => {
  const first = await h.call(
    'POST',
    '/signup',
    form({ email: 'taken@abuse.test', password: 'password123' }, from('10.9.9.12')),
  );
  const again = await h.call(
    'POST',
    '/signup',
    form({ email: 'taken@abuse.test', password: 'other-password' }, from('10.9.9.12')),
  );
  const fresh = await h.call(
    'POST',
    '/signup',
    form({ email: 'new@abuse.test', password: 'other-password' }, from('10.9.9.12')),
  );
  expect(again.status).toBe(first.status);
  expect(again.status).toBe(fresh.status);
  const strip = (html: string) => html.replace(/(taken|new)@abuse\.test/g, 'EMAIL');
  expect(strip(again.text)).toBe(strip(fresh.text));
  expect(again.headers.getSetCookie()).toEqual(fresh.headers.getSetCookie());
  // The taken account kept its password.
  const login = await h.call(
    'POST',
    '/login',
    form({ email: 'taken@abuse.test', password: 'password123' }, from('10.9.9.12')),
  );
  expect(login.status).toBe(303);
});

describe('cross-origin form posts', () => {
  test('POST /login and /signup from another site are refused', async () => {
    await h.call(
      'POST',
      '/signup',
      form({ email: 'csrf-victim@abuse.test', password: 'password123' }, from('10.9.9.13')),
    );
    const forged: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page.html' },
    ];
    for (const headers of forged) {
      const login = await h.call(
        'POST',
        '/login',
        form({ email: 'csrf-victim@abuse.test', password: 'password123' }, headers),
      );
      expect(login.status, JSON.stringify(headers)).toBe(403);
      expect(login.text).toContain('sent from another site');
      expect(login.headers.getSetCookie()).toEqual([]);
      const signup = await h.call(
        'POST',
        '/signup',
        form({ email: 'forged@abuse.test', password: 'password123' }, headers),
      );
      expect(signup.status).toBe(403);
    }
  });

  test('posts from the server own pages, and from scripts without Origin, go through', async () => {
    const own = h.server.url;
    const ok = await h.call(
      'POST',
      '/login',
      form(
        { email: 'csrf-victim@abuse.test', password: 'password123' },
        { origin: own, referer: `${own}/login` },
      ),
    );
    expect(ok.status).toBe(303);
    const script = await h.call(
      'POST',
      '/login',
      form({ email: 'csrf-victim@abuse.test', password: 'password123' }),
    );
    expect(script.status).toBe(303);
  });
});
