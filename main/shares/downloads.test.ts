import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/index';
import { download, randomFile, remoteCore, type CoreUnderTest } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let c: CoreUnderTest;

beforeAll(async () => {
  dir = await tempDir('downloads');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await c?.core.close();
  await server.close();
  await dir.remove();
});

describe('someone downloading a shared file', () => {
  it('bumps its download count live, with an event and a notification', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    c = await remoteCore(join(dir.path, 'app'), server.url, account);
    await c.events.waitFor('live:status', (s) => s === 'online');
    const file = await randomFile(dir.path, 'photo.jpg', 20_000);
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [file.path] });
    await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === sharename && s.files[0]?.readystate === 'uploaded'),
    );
    const before = c.events.seen.length;

    await download(server.url, sharename, '0');

    const notice = await c.events.waitFor('live:download', () => true, before);
    expect(notice).toEqual({ sharename, fileid: '0', filename: 'photo.jpg' });
    await c.events.waitFor(
      'shares:changed',
      (v) => v.find((s) => s.sharename === sharename)?.files[0]?.downloads === 1,
      before,
    );
    expect(c.shell.notifications).toContainEqual({
      title: 'Someone is downloading',
      body: 'photo.jpg',
    });
  });
});

describe('a file the server removes for breaking its terms', () => {
  it('shows as removed with the reason, and the person is told', async () => {
    const blocked = await randomFile(dir.path, 'banned.bin', 5_000);
    const blocklistFile = join(dir.path, 'blocklist.txt');
    await writeFile(blocklistFile, `${blocked.sha256}\n`);
    const dataDir = join(dir.path, 'strict');
    const strict = await startServer({ dataDir, host: '127.0.0.1', port: 0, blocklistFile });
    const account = await createAccount(dataDir);
    const app = await remoteCore(join(dir.path, 'strict-app'), strict.url, account);
    try {
      await app.events.waitFor('live:status', (s) => s === 'online');
      const { sharename } = await app.core.handlers['shares:drop']({ paths: [blocked.path] });
      const views = await app.events.waitFor('shares:changed', (v) =>
        v.some((s) => s.sharename === sharename && s.files[0]?.readystate === 'removed'),
      );
      const file = views.find((s) => s.sharename === sharename)!.files[0]!;
      expect(file.removedReason).toMatch(/banned/);
      expect(app.shell.notifications).toContainEqual({
        title: 'banned.bin: The file was removed for breaking the terms of use.',
        body: 'It can no longer be shared.',
      });
    } finally {
      await app.core.close();
      await strict.close();
    }
  });
});
