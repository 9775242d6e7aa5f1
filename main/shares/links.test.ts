/**
 * Links that end, from the app's side: Settings' defaults on new shares, link options at drop
 * and afterwards, the server's refusals as messages, and expired shares in the list.
 * A real core against a real server on loopback.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/index';
import type { SettingsPatch } from '../../shared/ipc';
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
});
