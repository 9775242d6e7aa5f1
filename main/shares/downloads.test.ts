import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
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
