/**
 * The original "Getting started" walkthrough, run verbatim with the real curl: log in, create
 * a share, create a file, `curl --upload-file` to its puturl, fetch it back.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addApp, addUser } from '../admin.js';
import { startHarness, tempDir, type Harness } from './harness.js';

const hasCurl = spawnSync('curl', ['--version']).status === 0;

let h: Harness;
let apikey: string;
let work: string;

beforeAll(async () => {
  // The whole server, as `gett-server serve` runs it: getturl opens the recipient page.
  h = await startHarness({ extensions: undefined });
  await addUser(h.dataDir, { email: 'ann@example.com', password: 'long secret' });
  apikey = (await addApp(h.dataDir, { name: 'walkthrough', ownerEmail: 'ann@example.com' })).apikey;
  work = tempDir('gett-curl-');
});
afterAll(async () => {
  await h.close();
  fs.rmSync(work, { recursive: true, force: true });
});

// Asynchronous: the server runs in this process and must keep answering while curl waits.
const run = promisify(execFile);
const curl = async (...args: string[]): Promise<string> =>
  (await run('curl', ['-s', '--show-error', ...args], { cwd: work, encoding: 'utf8' })).stdout;

test.skipIf(!hasCurl)('login → share → file → curl --upload-file → download', async () => {
  const api = h.server.url;
  const login = JSON.parse(
    await curl(
      '-X',
      'POST',
      '--data',
      `{"apikey":"${apikey}","email":"ann@example.com","password":"long secret"}`,
      `${api}/1/users/login`,
    ),
  ) as { accesstoken: string; expires: number };
  expect(login.expires).toBe(86400);
  const at = login.accesstoken;

  const share = JSON.parse(
    await curl('-X', 'POST', `${api}/1/shares/create?accesstoken=${at}`),
  ) as {
    sharename: string;
    getturl: string;
  };
  expect(share.getturl).toBe(`${h.server.publicUrl}/${share.sharename}`);

  const file = JSON.parse(
    await curl(
      '-X',
      'POST',
      '--data',
      '{"filename":"myfile.txt"}',
      `${api}/1/files/${share.sharename}/create?accesstoken=${at}`,
    ),
  ) as { fileid: string; readystate: string; getturl: string; upload: { puturl: string } };
  expect(file).toMatchObject({ fileid: '0', readystate: 'remote' });

  fs.writeFileSync(path.join(work, 'myfile.txt'), 'Hello from the walkthrough\n');
  expect(await curl('--upload-file', 'myfile.txt', file.upload.puturl)).toBe('computer says yes');

  const after = JSON.parse(await curl(`${api}/1/files/${share.sharename}/0`)) as {
    readystate: string;
    size: number;
  };
  expect(after).toMatchObject({ readystate: 'uploaded', size: 27 });
  expect(await curl('-L', `${api}/1/files/${share.sharename}/0/blob`)).toBe(
    'Hello from the walkthrough\n',
  );
  expect(file.getturl).toBe(`${h.server.publicUrl}/${share.sharename}/v/0`);

  // Open getturl: the share page and the file page, as a browser would.
  for (const page of [share.getturl, file.getturl]) {
    const html = await curl('-w', '\n%{http_code} %{content_type}', page);
    expect(html).toMatch(/\n200 text\/html/);
    expect(html).toContain('myfile.txt');
  }
});
