import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { ConnectionStatus } from '../../shared/model';
import {
  download,
  randomFile,
  remoteCore,
  sha256,
  type CoreUnderTest,
} from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let c: CoreUnderTest;

beforeAll(async () => {
  dir = await tempDir('reconnect');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await c?.core.close();
  await server.close();
  await dir.remove();
});

describe('after the server restarts', () => {
  it('the app reconnects with the same session, reloads the list and resumes uploads that failed meanwhile', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    c = await remoteCore(join(dir.path, 'app'), server.url, account);
    await c.events.waitFor('live:status', (s) => s === 'online');
    const port = server.port;

    // A file whose link exists but whose upload is held back until the server is gone.
    const held = await randomFile(dir.path, 'held.bin', 2 * 1024 * 1024);
    const first = await c.core.handlers['shares:drop']({ paths: [held.path] });
    const ref = { sharename: first.sharename, fileid: '0' };
    await c.core.handlers['uploads:pause'](ref);

    await server.close();
    const lost = c.events.seen.length;
    await c.events.waitFor('live:status', (s) => s === 'reconnecting', lost);

    // Resumed while the server is down, the upload fails with a clear message.
    await c.core.handlers['uploads:resume'](ref);
    const toast = await c.events.waitFor('toast:show', (t) => t.kind === 'error', lost);
    expect(toast.message).toBe('held.bin: The server cannot be reached.');

    // While the server is down, a drop fails clearly and loses nothing.
    const file = await randomFile(dir.path, 'while-down.txt', 1000);
    await expect(c.core.handlers['shares:drop']({ paths: [file.path] })).rejects.toThrow(
      /The server cannot be reached/,
    );

    server = await serve(join(dir.path, 'server'), port);
    const back = c.events.seen.length;
    await c.events.waitFor('live:status', (s) => s === 'online', back);
    // The list is reloaded after the reconnect, so nothing that happened meanwhile is missed.
    await c.events.waitFor('shares:changed', () => true, back);

    const statuses = c.events.of('live:status');
    expect(statuses.slice(statuses.indexOf('online'))).toEqual<ConnectionStatus[]>([
      'online',
      'reconnecting',
      'online',
    ]);
    const result = await c.core.handlers['shares:drop']({ paths: [file.path] });
    expect(result.links).toHaveLength(1);

    // The upload that failed while the server was away finishes by itself, bytes intact.
    await c.events.waitFor('shares:changed', (views) =>
      views.some((s) => s.sharename === ref.sharename && s.files[0]?.readystate === 'uploaded'),
    );
    expect(sha256(await download(server.url, ref.sharename, '0'))).toBe(held.sha256);
  });
});
