/** The login limiter counts the identity the lookup uses, per account and per address (#12). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addressKey, normalizeEmail } from '../auth/identity.js';
import { LoginLimiter, WindowCounter } from '../auth/rateLimit.js';
import { errorOf, startHarness, type Harness, type Reply } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signup: 'open' });
});
afterAll(() => h.close());

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

type Attempt = (email: string, password: string) => Promise<Reply>;
const endpoints: Record<string, Attempt> = {
  '/1/users/login': (email, password) =>
    h.call('POST', '/1/users/login', { body: { email, password } }),
  '/u/login': (email, password) => h.call('POST', '/u/login', { body: { email, password } }),
  '/login': (email, password) => h.call('POST', '/login', form({ email, password })),
};

describe.each(Object.entries(endpoints))('%s', (_path, attempt) => {
  test('spaces and case around the email do not buy fresh tries', async () => {
    const victim = await h.login();
    // Ten wrong guesses lock the account for this address…
    for (let i = 0; i < 10; i++) expect((await attempt(victim.email, 'wrong')).status).toBe(401);
    // …and every spelling the lookup treats as the same email stays locked, even with the
    // right password.
    for (const spelling of [
      ` ${victim.email}`,
      `${victim.email} `,
      `\t${victim.email.toUpperCase()}\n`,
      `  ${victim.email}   `,
    ]) {
      const res = await attempt(spelling, victim.password);
      expect(res.status, JSON.stringify(spelling)).toBe(429);
    }
    expect((await attempt(victim.email, victim.password)).status).toBe(429);
  });
});

test('one address is limited across accounts, known or unknown', async () => {
  const fresh = await startHarness();
  try {
    const victim = await fresh.login();
    const statuses: number[] = [];
    // 50 wrong logins naming 50 different (mostly unknown) emails, 1 to 9 tries each.
    for (let i = 0; i < 50; i++) {
      const res = await fresh.call('POST', '/1/users/login', {
        body: { email: `nobody${i}@example.com`, password: 'guess' },
      });
      statuses.push(res.status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const next = await fresh.call('POST', '/1/users/login', {
      body: { email: 'nobody-else@example.com', password: 'guess' },
    });
    expect(next.status).toBe(429);
    expect(errorOf(next)).toMatch(/wait/);
    expect(next.headers.get('retry-after')).toBeTruthy();
    // The password of a real account is no longer checked from this address either.
    const real = await fresh.call('POST', '/1/users/login', {
      body: { email: victim.email, password: victim.password },
    });
    expect(real.status).toBe(429);
  } finally {
    await fresh.close();
  }
});

describe('identity and address keys', () => {
  test('normalizeEmail folds exactly what the lookup folds', () => {
    expect(normalizeEmail('  Ann@Example.COM \t')).toBe('ann@example.com');
    // SQLite NOCASE leaves non-ASCII letters alone, so must the key.
    expect(normalizeEmail('ÉMILE@x.org')).toBe('Émile@x.org');
  });

  test('IPv6 addresses count by /64; IPv4-mapped ones as IPv4', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(addressKey('10.0.0.7')).toBe('10.0.0.7');
  });

  test('the counters stay bounded however many keys arrive', () => {
    const counter = new WindowCounter(5, 60_000, 1000);
    for (let i = 0; i < 20_000; i++) counter.add(`k${i}`);
    expect(counter.size).toBeLessThanOrEqual(1000);
    const limiter = new LoginLimiter();
    for (let i = 0; i < 60; i++) limiter.fail(`a${i}@x`, `1.2.3.${i % 3}`);
    expect(limiter.blocked('fresh@x', '1.2.3.0')).toBe(false);
  });
});
