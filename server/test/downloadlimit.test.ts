/**
 * A share's download limit: counted downloads use it up (atomically), past it the blob link
 * answers 410; the owner's downloads, HEAD, noinc and link-preview bots never use it up.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { asFile, asShare, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let owner: Login;
beforeAll(async () => {
  h = await startHarness();
  owner = await h.login();
});
afterAll(() => h.close());

async function limitedFile(maxdownloads: number | undefined) {
  const t = `?accesstoken=${owner.accesstoken}`;
  const share = asShare(await h.call('POST', `/1/shares/create${t}`, { body: { maxdownloads } }));
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'a.txt' } }),
  );
  await h.call('PUT', file.upload!.puturl, { body: 'hello' });
  return `/1/files/${share.sharename}/0`;
}

const blob = (url: string, query = '', init: { method?: string; ua?: string } = {}) =>
  h.call(init.method ?? 'GET', `${url}/blob${query}`, {
    redirect: 'manual',
    headers: init.ua ? { 'user-agent': init.ua } : {},
  });
const left = async (url: string) =>
  (await h.call('GET', url)).json as { downloadsleft: number; downloads: number };

test('counted downloads use the limit up; past it 410 with a code; the free kinds stay free', async () => {
  const url = await limitedFile(2);
  const t = `?accesstoken=${owner.accesstoken}`;
  // Free: the owner, HEAD, noinc, a link-preview bot.
  for (let i = 0; i < 3; i++) expect((await blob(url, t)).status).toBe(302);
  expect((await blob(url, '', { method: 'HEAD' })).status).toBe(302);
  expect((await blob(url, '?noinc=1')).status).toBe(302);
  expect((await blob(url, '', { ua: 'Slackbot-LinkExpanding 1.0' })).status).toBe(302);
  expect(await left(url)).toMatchObject({ downloadsleft: 2, downloads: 0 });

  const first = await blob(url);
  expect(first.status).toBe(302);
  expect((await h.call('GET', first.headers.get('location')!)).text).toBe('hello');
  expect(await left(url)).toMatchObject({ downloadsleft: 1 });
  expect((await blob(url)).status).toBe(302);
  expect(await left(url)).toMatchObject({ downloadsleft: 0, downloads: 2 });

  const refused = await blob(url);
  expect(refused.status).toBe(410);
  expect(refused.json).toMatchObject({ code: 'downloadLimitReached' });
  expect((refused.json as { error: string }).error).toMatch(/download limit/);
  // The free kinds do not get around it once it is used up; the owner still downloads.
  expect((await blob(url, '?noinc=1')).status).toBe(410);
  expect((await blob(url, t)).status).toBe(302);
  expect(await left(url)).toMatchObject({ downloadsleft: 0, downloads: 2 });
});

test('parallel downloads never pass the limit', async () => {
  const url = await limitedFile(3);
  const replies = await Promise.all(Array.from({ length: 12 }, () => blob(url)));
  const statuses = replies.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 302)).toHaveLength(3);
  expect(statuses.filter((s) => s === 410)).toHaveLength(9);
});

test("without a limit every download counts as before, the owner's too", async () => {
  const url = await limitedFile(undefined);
  for (let i = 0; i < 3; i++) expect((await blob(url)).status).toBe(302);
  expect((await blob(url, `?accesstoken=${owner.accesstoken}`)).status).toBe(302);
  const file = (await h.call('GET', url)).json as Record<string, unknown>;
  expect(file.downloads).toBe(4);
  expect(file).not.toHaveProperty('downloadsleft');
});
