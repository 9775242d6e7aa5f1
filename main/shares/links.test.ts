/**
 * Links that end, from the app's side: Settings' defaults on new shares, link options at drop
 * and afterwards, the server's refusals as messages, and expired shares in the list.
 * A real core against a real server on loopback.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/index';
import type { SettingsPatch } from '../../shared/ipc';
import type { ShareView } from '../../shared/model';
import { ApiClient } from '../api';
import { dispatch, trustedSender } from '../ipc/handle';
import { SharesModel } from './sharesModel';
import { remoteCore, type CoreUnderTest } from '../testing/coreFixture';
import { createAccount, tempDir, type TestAccount } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let account: TestAccount;
const cores: CoreUnderTest[] = [];
let n = 0;

beforeAll(async () => {
  dir = await tempDir('links');
  const data = join(dir.path, 'server');
  server = await startServer({
    dataDir: data,
    port: 0,
    host: '127.0.0.1',
    maxExpirySeconds: 30 * 86_400,
    expirySweepMs: 200,
  });
  account = await createAccount(data);
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.core.close()));
  await server.close();
  await dir.remove();
});

async function core(settings: SettingsPatch = {}) {
  const userData = join(dir.path, `core-${++n}`);
  await mkdir(userData, { recursive: true });
  const c = await remoteCore(userData, server.url, account, { settings });
  cores.push(c);
  return c;
}

async function aFile(name = 'report.txt', body = 'hello') {
  const path = join(dir.path, `${++n}-${name}`);
  await writeFile(path, body);
  return path;
}

/** The share as the server's owner listing has it. */
async function serverShare(c: CoreUnderTest, sharename: string) {
  const views = await c.core.handlers['shares:list'](undefined);
  expect(views.some((v) => v.sharename === sharename)).toBe(true);
  const res = await fetch(`${server.url}/1/shares/${sharename}`);
  return (await res.json()) as Record<string, unknown> & { files: Record<string, unknown>[] };
}

const now = () => Math.floor(Date.now() / 1000);

describe('link options', () => {
  it('gives a new share the expiry and download limit of Settings, and none by default', async () => {
    const plain = await core();
    const first = await plain.core.handlers['shares:drop']({ paths: [await aFile()] });
    const bare = await serverShare(plain, first.sharename);
    expect(bare).not.toHaveProperty('expires');
    expect(bare).not.toHaveProperty('maxdownloads');

    const c = await core({ defaultExpiry: 3 * 86_400, defaultMaxDownloads: 2 });
    const before = now();
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [await aFile()] });
    const share = await serverShare(c, sharename);
    expect(share.maxdownloads).toBe(2);
    expect(share.expires).toBeGreaterThanOrEqual(before + 3 * 86_400);
    expect(share.expires).toBeLessThanOrEqual(now() + 3 * 86_400);
    expect(share.files[0]).toHaveProperty('downloadsleft', 2);
  });

  it('drops with a password, a limit and an expiry; the password is kept nowhere', async () => {
    const c = await core({ defaultExpiry: 86_400, defaultMaxDownloads: 9 });
    const password = 'correct horse battery staple';
    const expires = now() + 7 * 86_400;
    const { sharename } = await c.core.handlers['shares:drop']({
      paths: [await aFile()],
      links: { password, maxdownloads: 1, expires },
    });
    const share = await serverShare(c, sharename);
    // A protected share shows strangers only that it is protected.
    expect(share).toMatchObject({ protected: true });
    const view = (await c.core.handlers['shares:list'](undefined)).find(
      (v) => v.sharename === sharename,
    );
    expect(view).toMatchObject({ protected: true, maxdownloads: 1, expires });
    expect(view?.files[0]?.downloadsleft).toBe(1);
    expect(JSON.stringify(view)).not.toContain(password);
    const publicView = (await (await fetch(`${server.url}/1/shares/${sharename}`)).json()) as {
      protected?: boolean;
    };
    expect(publicView.protected).toBe(true);
    await c.core.close();
    expect(await filesContaining(join(dir.path, `core-${n - 1}`), password)).toEqual([]);
    cores.splice(cores.indexOf(c), 1);
  });

  it('sets, changes and clears expiry, limit and password on a share', async () => {
    const c = await core();
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [await aFile()] });
    const set = (links: Parameters<(typeof c.core.handlers)['shares:setLinks']>[0]['links']) =>
      c.core.handlers['shares:setLinks']({ sharename, links });

    const in2Days = now() + 2 * 86_400;
    let view = await set({ expires: in2Days, maxdownloads: 3, password: 'sesame' });
    expect(view).toMatchObject({ expires: in2Days, maxdownloads: 3, protected: true });
    expect(await serverShare(c, sharename)).toMatchObject({ protected: true });

    view = await set({ maxdownloads: 5 }); // the others stay
    expect(view).toMatchObject({ expires: in2Days, maxdownloads: 5, protected: true });
    expect(view.files[0]?.downloadsleft).toBe(5);

    view = await set({ expires: null, maxdownloads: null, password: null });
    expect(view.expires).toBeUndefined();
    expect(view.maxdownloads).toBeUndefined();
    expect(view.protected).toBeUndefined();
    expect(view.files[0]?.downloadsleft).toBeUndefined();
    const share = await serverShare(c, sharename);
    expect(share).not.toHaveProperty('protected');
    expect(share).not.toHaveProperty('expires');
    const listed = (await c.core.handlers['shares:list'](undefined)).find(
      (v) => v.sharename === sharename,
    );
    expect(listed?.protected).toBeUndefined();
  });

  it('says what to do when the server refuses an expiry', async () => {
    const c = await core();
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [await aFile()] });
    const tooLate = c.core.handlers['shares:setLinks']({
      sharename,
      links: { expires: now() + 60 * 86_400 },
    });
    await expect(tooLate).rejects.toMatchObject({ code: 'expiryTooLate' });
    await expect(tooLate).rejects.toThrow(
      /^This server does not keep shares that long\. Choose an earlier expiry date\./,
    );
    const past = c.core.handlers['shares:setLinks']({ sharename, links: { expires: now() - 10 } });
    await expect(past).rejects.toMatchObject({ code: 'badLinkOptions' });
    // A drop with an expiry the server refuses makes no share and copies nothing.
    const copies = c.shell.clipboardWrites.length;
    const drop = c.core.handlers['shares:drop']({
      paths: [await aFile()],
      links: { expires: now() + 90 * 86_400 },
    });
    await expect(drop).rejects.toMatchObject({ code: 'expiryTooLate' });
    expect(c.shell.clipboardWrites.length).toBe(copies);
  });

  it('refuses link options no server takes before sending them', async () => {
    const c = await core();
    const trusted = trustedSender('http://app.test/index.html');
    const sender = { url: 'http://app.test/index.html', isTopFrame: true };
    for (const links of [
      { maxdownloads: 0 },
      { maxdownloads: 1.5 },
      { expires: 'tomorrow' },
      { password: 'x'.repeat(1001) },
      { colour: 'red' },
    ]) {
      const r = await dispatch(c.core.handlers, trusted, 'shares:setLinks', sender, {
        sharename: 'abc',
        links,
      });
      expect(r, JSON.stringify(links)).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
  });
});

describe('expired shares', () => {
  it('are marked, give their storage back, stay listed until removed and can be removed', async () => {
    const c = await core();
    await c.core.handlers['shares:drop']({ paths: [await aFile('keep.txt', 'k')] });
    const before = (await c.core.handlers['account:get'](undefined)).storage?.used ?? 0;
    const { sharename } = await c.core.handlers['shares:drop']({
      paths: [await aFile('big.bin', 'x'.repeat(200_000))],
      links: { expires: now() + 3 },
    });
    await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === sharename && s.files[0]?.readystate === 'uploaded'),
    );
    const withFile = await c.events.waitFor(
      'account:changed',
      (a) => (a.storage?.used ?? 0) >= before + 200_000,
    );
    expect(withFile.storage?.used).toBeGreaterThanOrEqual(before + 200_000);
    const from = c.events.seen.length;
    const marked = await c.events.waitFor(
      'shares:changed',
      (v) => v.some((s) => s.sharename === sharename && s.expired),
      from,
    );
    expect(marked.find((s) => s.sharename === sharename)?.expired).toBe(true);
    const used = withFile.storage?.used ?? 0;
    await c.events.waitFor(
      'account:changed',
      (a) => (a.storage?.used ?? 0) <= used - 200_000,
      from,
    );

    await expect(
      c.core.handlers['shares:setLinks']({ sharename, links: { maxdownloads: 2 } }),
    ).rejects.toMatchObject({ code: 'shareExpired' });

    await c.core.handlers['shares:delete']({ sharename });
    const after = await c.core.handlers['shares:list'](undefined);
    expect(after.some((s) => s.sharename === sharename)).toBe(false);
  });
});

describe('the shares model', () => {
  it('keeps an expired share, marked, when a reload of the listing no longer has it', async () => {
    const api = new ApiClient({ baseUrl: server.url });
    await api.login(account);
    const changes: ShareView[][] = [];
    const model = new SharesModel({
      api,
      uploads: { view: () => undefined, shareNames: () => new Set() },
      serverUrl: server.url,
      onChange: (v) => changes.push(v),
    });
    const share = await api.createShare('soon gone', { expires: now() + 2 });
    await model.refresh();
    expect(model.views().find((v) => v.sharename === share.sharename)?.expired).toBeUndefined();
    await waitUntil(() => model.views().some((v) => v.sharename === share.sharename && v.expired));
    expect((await api.shares()).some((s) => s.sharename === share.sharename)).toBe(false);
    await model.refresh();
    expect(model.views().find((v) => v.sharename === share.sharename)?.expired).toBe(true);
    await model.remove(share.sharename);
    expect(model.views().some((v) => v.sharename === share.sharename)).toBe(false);
    model.close();
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

/** Files under `root` whose bytes contain `text`. */
async function filesContaining(root: string, text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(text)) hits.push(path);
  }
  return hits;
}
