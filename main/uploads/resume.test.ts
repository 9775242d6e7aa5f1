import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { UploadProgress } from '../../shared/model';
import {
  download,
  fileState,
  randomFile,
  remoteCore,
  sha256,
  startCore,
} from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;

beforeAll(async () => {
  dir = await tempDir('resume');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

describe('an interrupted upload', () => {
  it('starts again by itself when the services restart, and ends with the same bytes', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const userData = join(dir.path, 'app');
    const first = await remoteCore(userData, server.url, account);
    const file = await randomFile(dir.path, 'movie.bin', 24 * 1024 * 1024);

    // Stop the services as soon as the first bytes are on their way.
    let stopping: Promise<void> | undefined;
    first.core.onEvent((channel, payload) => {
      if (channel !== 'uploads:progress') return;
      const p = payload as UploadProgress;
      if (p.bytes < p.total) stopping ??= first.core.close();
    });
    const { sharename } = await first.core.handlers['shares:drop']({ paths: [file.path] });
    await first.events.waitFor('uploads:progress');
    await stopping;
    expect((await fileState(server.url, sharename, '0')).readystate).not.toBe('uploaded');
    const saved = JSON.parse(
      await readFile(
        join(userData, 'queues', `remote-${new URL(server.url).host}`, 'uploads.json'),
        'utf8',
      ),
    ) as { items: { phase: string }[] };
    expect(saved.items).toHaveLength(1);

    // A new core on the same folder signs in with the saved token and finishes the upload.
    const second = await startCore(userData);
    try {
      const account2 = await second.core.handlers['account:get'](undefined);
      expect(account2).toMatchObject({ signedIn: true, mode: 'remote', email: account.email });
      await second.events.waitFor('shares:changed', (views) =>
        views.some((s) => s.sharename === sharename && s.files[0]?.readystate === 'uploaded'),
      );
      expect(sha256(await download(server.url, sharename, '0'))).toBe(file.sha256);
    } finally {
      await second.core.close();
    }
  });
});
