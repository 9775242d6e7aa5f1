/**
 * Signing out and switching servers, against a real server: signing out empties the window's
 * list, drops the account's unfinished uploads and forgets its token; leaving for another
 * server keeps them, paused, for the return.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { ShareView } from '../../shared/model';
import { randomFile, remoteCore, startCore, type CoreUnderTest } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
const cores: CoreUnderTest[] = [];

beforeAll(async () => {
  dir = await tempDir('sign-out');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.core.close()));
  await server.close();
  await dir.remove();
});

const fileIn = (views: ShareView[], sharename: string) =>
  views.find((s) => s.sharename === sharename)?.files.find((f) => f.fileid === '0');

describe('signing out', () => {
  it("empties the window's list, drops unfinished uploads and is remembered", async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const userDir = join(dir.path, 'leaver');
    const c = await remoteCore(userDir, server.url, account);
    const file = await randomFile(dir.path, 'held.bin', 1024 * 1024);
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [file.path] });
    await c.core.handlers['uploads:pause']({ sharename, fileid: '0' });
    await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, sharename)?.upload?.phase === 'paused',
    );

    const from = c.events.seen.length;
    const view = await c.core.handlers['account:signOut'](undefined);
    expect(view).toMatchObject({ signedIn: false, email: null });
    // The empty list is pushed before the signed-out account, so no window keeps the old one.
    const after = c.events.seen.slice(from).map((e) => e.channel);
    expect(after.indexOf('shares:changed')).toBeGreaterThanOrEqual(0);
    expect(after.indexOf('shares:changed')).toBeLessThan(after.indexOf('account:changed'));
    expect(await c.events.waitFor('shares:changed', () => true, from)).toEqual([]);
    expect(await c.core.handlers['shares:list'](undefined)).toEqual([]);
    await c.core.close();

    // A restart stays signed out: the token was forgotten.
    const again = await startCore(userDir);
    cores.push(again);
    expect(await again.core.handlers['account:get'](undefined)).toMatchObject({
      signedIn: false,
      mode: 'remote',
    });

    // Signing in again shows the share, but the upload left behind is not queued to resume.
    await again.core.handlers['account:signInRemote']({ url: server.url, ...account });
    const list = await again.core.handlers['shares:list'](undefined);
    expect(fileIn(list, sharename)).toMatchObject({ readystate: 'remote' });
    expect(fileIn(list, sharename)?.upload).toBe(undefined);
  });

  it('keeps the unfinished uploads of an account left for another server, paused', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const c = await remoteCore(join(dir.path, 'switcher'), server.url, account);
    cores.push(c);
    const file = await randomFile(dir.path, 'kept.bin', 1024 * 1024);
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [file.path] });
    await c.core.handlers['uploads:pause']({ sharename, fileid: '0' });
    await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, sharename)?.upload?.phase === 'paused',
    );

    const other = await serve(join(dir.path, 'other-server'));
    try {
      const elsewhere = await createAccount(join(dir.path, 'other-server'));
      await c.core.handlers['account:signInRemote']({ url: other.url, ...elsewhere });
      expect(fileIn(await c.core.handlers['shares:list'](undefined), sharename)).toBe(undefined);
      await c.core.handlers['account:signInRemote']({ url: server.url, ...account });
    } finally {
      await other.close();
    }
    const list = await c.core.handlers['shares:list'](undefined);
    expect(fileIn(list, sharename)?.upload?.phase).toBe('paused');
  });
});
