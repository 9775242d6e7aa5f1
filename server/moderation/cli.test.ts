/** `gett-server files remove` as built, in its own process, against a data dir being served. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openWebSocket } from '../live/test-helpers.js';
import { openUpload, startTestServer, type TestServer } from '../live/test-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/server/cli.cjs');

async function gett(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let t: TestServer | undefined;
beforeAll(async () => {
  await run(process.execPath, ['scripts/build.mjs', '--only', 'server', '--quiet'], { cwd: root });
}, 120_000);
afterEach(() => t?.close());

describe('gett-server files remove', () => {
  it('removes a file of a running server, whose owner hears violatedterms', async () => {
    t = await startTestServer();
    const owner = await openWebSocket(`ws://127.0.0.1:${t.server.port}/`, { answerPings: true });
    owner.ws.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session: 'c' }));
    const share = await t.api<{ sharename: string }>('POST', '/1/shares/create', {});
    const file = await t.api<{ fileid: string; upload: { puturl: string } }>(
      'POST',
      `/1/files/${share.sharename}/create`,
      { filename: 'x.txt' },
    );
    const up = openUpload(file.upload.puturl, 3);
    await up.write(Buffer.from('abc'));
    up.end();
    await up.response;

    const result = await gett(
      'files',
      'remove',
      '--data',
      t.dataDir,
      '--share',
      share.sharename,
      '--file',
      file.fileid,
      '--reason',
      'reported as phishing',
    );
    expect(result).toMatchObject({
      code: 0,
      stdout: `removed ${share.sharename}/${file.fileid}\n`,
    });
    const event = JSON.parse(await owner.log.next((f) => f.includes('violatedterms'))) as unknown;
    expect(event).toMatchObject({ fileid: file.fileid, reason: 'reported as phishing' });
    const page = await (await fetch(`${t.server.url}/${share.sharename}`)).text();
    expect(page).toContain('Removed: reported as phishing');
    owner.ws.close();
  });

  it('explains what is missing or wrong', async () => {
    const missing = await gett(
      'files',
      'remove',
      '--data',
      '/tmp/x',
      '--share',
      's',
      '--file',
      '0',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --reason');
    t = await startTestServer();
    const unknown = await gett(
      'files',
      'remove',
      '--data',
      t.dataDir,
      '--share',
      'nope',
      '--file',
      '0',
      '--reason',
      'r',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no file 0 in share nope');
  });
});
