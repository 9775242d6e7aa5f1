import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, randomFile, sha256, startCore } from '../testing/coreFixture';
import { freePort } from '../account/signIn';
import { buildForTest } from '../testing/buildForTest';
import { tempDir } from '../testing/harness';
import { recordingShell } from '../testing/recordingShell';

let dir: Awaited<ReturnType<typeof tempDir>>;
let built: Awaited<ReturnType<typeof buildForTest>>;

beforeAll(async () => {
  // The app forks the built entry, so the test does too.
  built = await buildForTest();
  dir = await tempDir('embedded');
}, 60_000);
afterAll(async () => {
  await dir.remove();
  await built.remove();
});

describe('the embedded server', () => {
  it('starts on first run with a local account, builds links from the LAN address, and signs in again after a restart', async () => {
    const userData = join(dir.path, 'app');
    const first = await startCore(userData, { embeddedEntry: built.embedded });
    const account = await first.core.handlers['account:get'](undefined);
    expect(account).toMatchObject({ signedIn: true, mode: 'embedded' });
    expect(account.error).toBeUndefined();
    const port = first.core.settings().server.port;
    expect(port).toBeGreaterThan(0);
    expect(account.serverUrl).toBe(`http://127.0.0.1:${port}`);

    const file = await randomFile(dir.path, 'report.pdf', 50_000);
    const drop = await first.core.handlers['shares:drop']({ paths: [file.path] });
    expect(drop.links[0]).toBe(`http://127.0.0.1:${port}/${drop.sharename}/v/0`);
    await first.events.waitFor('shares:changed', (views) =>
      views.some((s) => s.sharename === drop.sharename && s.files[0]?.readystate === 'uploaded'),
    );
    await first.core.close();

    // Same folder: same port, same account (through the saved refresh token), same links.
    const second = await startCore(userData, { embeddedEntry: built.embedded });
    try {
      const again = await second.core.handlers['account:get'](undefined);
      expect(again).toMatchObject({ signedIn: true, email: account.email });
      expect(second.core.settings().server.port).toBe(port);
      const shares = await second.core.handlers['shares:list'](undefined);
      expect(shares.map((s) => s.sharename)).toContain(drop.sharename);
      const bytes = await download(`http://127.0.0.1:${port}`, drop.sharename, '0');
      expect(sha256(bytes)).toBe(file.sha256);
    } finally {
      await second.core.close();
    }
  });

  it('without a keychain still signs in, and tells the person it will not be remembered', async () => {
    const c = await startCore(join(dir.path, 'no-keychain'), {
      embeddedEntry: built.embedded,
      shell: { secureStorage: recordingShell({ encryption: false }).secureStorage },
    });
    try {
      const account = await c.core.handlers['account:get'](undefined);
      expect(account.signedIn).toBe(true);
      expect(account.error).toMatchObject({
        code: 'secureStorageUnavailable',
        message: 'Secure storage is unavailable, so your sign-in will not be remembered.',
      });
    } finally {
      await c.core.close();
    }
  });

  it('restarts on a new port or address when the settings change, and stops when switched off', async () => {
    const c = await startCore(join(dir.path, 'settings'), { embeddedEntry: built.embedded });
    try {
      const before = await c.core.handlers['account:get'](undefined);
      const port = await freePort('127.0.0.1');
      const from = c.events.seen.length;
      await c.core.handlers['settings:set']({ server: { port, address: 'localhost' } });
      const moved = await c.events.waitFor(
        'account:changed',
        (a) => a.signedIn && a.serverUrl === `http://localhost:${port}`,
        from,
      );
      expect(moved.email).toBe(before.email);
      const file = await randomFile(dir.path, 'moved.txt', 10);
      const drop = await c.core.handlers['shares:drop']({ paths: [file.path] });
      expect(drop.links[0]).toBe(`http://localhost:${port}/${drop.sharename}/v/0`);

      const off = c.events.seen.length;
      await c.core.handlers['settings:set']({ server: { embeddedEnabled: false } });
      await c.events.waitFor('account:changed', (a) => !a.signedIn, off);
      await expect(fetch(`http://127.0.0.1:${port}/1/shares/${drop.sharename}`)).rejects.toThrow();
    } finally {
      await c.core.close();
    }
  });
});
