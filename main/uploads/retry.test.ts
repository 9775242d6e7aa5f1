import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { AppErrorView } from '../../shared/errors';
import { ApiClient, putBlob, type PutBlobOptions } from '../api';
import { download, randomFile, sha256 } from '../testing/coreFixture';
import { createAccount, serve, tempDir } from '../testing/harness';
import { recordingShell } from '../testing/recordingShell';
import { tusUpload, type TusUploadOptions } from './tusUploader';
import { UploadQueue } from './uploadQueue';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;

beforeAll(async () => {
  dir = await tempDir('retry');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

describe('an upload cut off because the server went away', () => {
  it('is retried by itself once the server is back, with no socket to tell it', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const api = new ApiClient({ baseUrl: server.url });
    await api.login(account);
    const port = server.port;

    // The first attempt finds the server gone (and does not retry in place); later ones go
    // through. Both transports are covered: the plain PUT and tus, whichever the server offers.
    let attempts = 0;
    const put = async (o: PutBlobOptions) => {
      attempts += 1;
      if (attempts === 1) await server.close();
      return putBlob(o);
    };
    const tus = async (o: TusUploadOptions) => {
      attempts += 1;
      if (attempts > 1) return tusUpload(o);
      await server.close();
      return tusUpload({ ...o, retries: 0 });
    };
    const failures: AppErrorView[] = [];
    let finished!: () => void;
    const done = new Promise<void>((r) => (finished = r));
    const queue = new UploadQueue({
      api,
      put,
      tus,
      clipboard: recordingShell().clipboard,
      session: 'retry-session',
      concurrency: () => 1,
      file: join(dir.path, 'queue.json'),
      retryBackoff: { minMs: 20, maxMs: 50 },
      listeners: {
        failed: (_f, e) => {
          failures.push(e);
          // Bring the server back after the failure was reported.
          if (failures.length === 1)
            void serve(join(dir.path, 'server'), port).then((s) => (server = s));
        },
        finished: () => finished(),
      },
    });
    const file = await randomFile(dir.path, 'retry.bin', 500_000);
    const { sharename } = await queue.drop([file.path]);
    await done;
    await queue.close();

    expect(failures[0]).toMatchObject({ code: 'serverUnreachable' });
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(sha256(await download(server.url, sharename, '0'))).toBe(file.sha256);
  });
});
