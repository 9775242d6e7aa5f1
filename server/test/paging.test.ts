/**
 * `limit=`/`skip=` beyond what a number can hold are a 400 saying so, not a 500; and no log
 * line holds a caller's credentials (#12).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Logger } from '../../shared/log.js';
import { redactUrl } from '../http.js';
import { errorOf, startHarness, type Harness, type Login } from './harness.js';

const lines: string[] = [];
const record =
  (level: string) =>
  (message: string, data?: unknown): void => {
    lines.push(`${level} ${message} ${JSON.stringify(data)}`);
  };
const logger: Logger = {
  debug: record('debug'),
  info: record('info'),
  warn: record('warn'),
  error: record('error'),
  child: () => logger,
};

let h: Harness;
let me: Login;
beforeAll(async () => {
  h = await startHarness({ logger });
  me = await h.login();
});
afterAll(() => h.close());

test('huge limit and skip on /1/shares are a clear 400', async () => {
  for (const query of [
    'limit=99999999999999999999',
    'skip=99999999999999999999',
    'limit=1e400',
    'skip=-1',
    'limit=1.5',
  ]) {
    const res = await h.call('GET', `/1/shares?accesstoken=${me.accesstoken}&${query}`);
    expect(res.status, query).toBe(400);
    expect(errorOf(res), query).toMatch(/(limit|skip) must be a whole number from 0 to/);
  }
  const ok = await h.call('GET', `/1/shares?accesstoken=${me.accesstoken}&limit=10&skip=0`);
  expect(ok.status).toBe(200);
  expect(lines.join('\n')).not.toContain(me.accesstoken);
});

test('logged URLs carry no access token, refresh token, API key or link signature', () => {
  const url =
    '/1/shares?accesstoken=a.web.u1.123.abc&skip=1&refreshtoken=r.x&apikey=k&sig=S1&exp=9';
  const redacted = redactUrl(url);
  expect(redacted).toBe(
    '/1/shares?accesstoken=REDACTED&skip=1&refreshtoken=REDACTED&apikey=REDACTED&sig=REDACTED&exp=9',
  );
  expect(redactUrl('/1/users/me')).toBe('/1/users/me');
});
