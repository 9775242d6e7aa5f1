/** The live status, asked for by a window that opens after it was pushed (real server). */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { remoteCore, type CoreUnderTest } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
const cores: CoreUnderTest[] = [];

beforeAll(async () => {
  dir = await tempDir('live-status');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.core.close()));
  await server.close();
  await dir.remove();
});

describe('the live status', () => {
  it('is answered to a window that asks after it went online, and after a sign-out', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const c = await remoteCore(join(dir.path, 'status'), server.url, account);
    cores.push(c);
    await c.events.waitFor('live:status', (s) => s === 'online');
    expect(await c.core.handlers['live:status'](undefined)).toBe('online');

    await c.core.handlers['account:signOut'](undefined);
    expect(await c.core.handlers['live:status'](undefined)).toBe('offline');
  });
});
