import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { randomFile, remoteCore, type CoreUnderTest } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
const cores: CoreUnderTest[] = [];

beforeAll(async () => {
  dir = await tempDir('failures');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.core.close()));
  await server.close();
  await dir.remove();
});

describe('failures a person sees', () => {
  it('a full account fails the upload with "storage is full" on the file and in a toast', async () => {
    const account = await createAccount(join(dir.path, 'server'), { storageLimit: 10_000 });
    const userData = join(dir.path, 'full');
    await mkdir(userData);
    const c = await remoteCore(userData, server.url, account);
    cores.push(c);
    const file = await randomFile(dir.path, 'too-big.bin', 200_000);
    const result = await c.core.handlers['shares:drop']({ paths: [file.path] });
    expect(result.links).toHaveLength(1); // the link exists even though the bytes will not fit

    const toast = await c.events.waitFor('toast:show', (t) => t.kind === 'error');
    expect(toast.message).toBe('too-big.bin: Your storage is full.');
    expect(toast.action).toBe('Delete old shares to free space, then retry.');
    const views = await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.files.some((f) => f.upload?.phase === 'failed')),
    );
    const failed = views.flatMap((s) => s.files).find((f) => f.upload?.phase === 'failed')!;
    expect(failed.upload?.error).toMatchObject({ code: 'storageFull' });
    expect(c.shell.notifications.at(-1)?.title).toBe('too-big.bin: Your storage is full.');
  });

  it('a server that went away fails the command with "cannot be reached" and what to do', async () => {
    const gone = await serve(join(dir.path, 'gone'));
    const goneAccount = await createAccount(join(dir.path, 'gone'));
    const userData = join(dir.path, 'down');
    await mkdir(userData);
    const c = await remoteCore(userData, gone.url, goneAccount);
    cores.push(c);
    await gone.close();
    const file = await randomFile(dir.path, 'x.txt', 10);
    await expect(c.core.handlers['shares:drop']({ paths: [file.path] })).rejects.toThrow(
      /^The server cannot be reached\. Check your network or the server address in Settings/,
    );
  });
});
