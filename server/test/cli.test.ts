/** gett-server CLI and the embedded entry, bundled as scripts/build.mjs does, in real processes. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startServer } from '../index.js';
import {
  buildServerBundle,
  cleanUp,
  bundle,
  root,
  dataDir,
  gett,
  serve,
  signalGroup,
  track,
  urlOf,
} from './processes.js';
import { openRequest } from './rawhttp.js';

beforeAll(buildServerBundle, 120_000);
afterAll(cleanUp);

describe('gett-server CLI', () => {
  test('npm run -s server -- serve --port 0: first line names the URL', async () => {
    const dir = dataDir();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { child, first } = await serve(npm, [
      'run',
      '-s',
      'server',
      '--',
      'serve',
      '--port',
      '0',
      '--data',
      dir,
    ]);
    expect(first).toMatch(/^gett-server listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = urlOf(first);
    const res = await fetch(`${url}/1/shares/none`);
    expect(res.status).toBe(404);
    signalGroup(child, 'SIGTERM');
    await once(child, 'exit');
    // The server itself is gone too, not only npm.
    await vi.waitFor(() => expect(fetch(`${url}/1/shares/none`)).rejects.toThrow(), {
      timeout: 10_000,
      interval: 100,
    });
  });

  test('users add and apps add work while serve runs; the key logs in', async () => {
    const dir = dataDir();
    const { child, first } = await serve(process.execPath, [
      bundle.cli,
      'serve',
      '--port',
      '0',
      '--data',
      dir,
    ]);
    const user = await gett(
      'users',
      'add',
      '--data',
      dir,
      '--email',
      'bo@example.com',
      '--password',
      'password1',
      '--name',
      'Bo',
      '--storage-limit',
      '5000',
    );
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/^u[0-9A-Za-z]{30}\n$/);
    const app = await gett(
      'apps',
      'add',
      '--data',
      dir,
      '--name',
      'Script',
      '--owner',
      'bo@example.com',
    );
    expect(app.code).toBe(0);
    expect(app.stdout).toMatch(/^[A-Za-z0-9_-]{32}\n$/);
    const login = await fetch(`${urlOf(first)}/1/users/login`, {
      method: 'POST',
      body: JSON.stringify({
        apikey: app.stdout.trim(),
        email: 'bo@example.com',
        password: 'password1',
      }),
    });
    expect(login.status).toBe(200);
    const body = (await login.json()) as {
      user: { userid: string; fullname: string; storage: { limit: number } };
    };
    expect(body.user).toMatchObject({
      userid: user.stdout.trim(),
      fullname: 'Bo',
      storage: { limit: 5000 },
    });
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  test('serve keeps serving when nobody reads its stdout any more', async () => {
    // A supervisor or `| head -1` may close the pipe; the next write must not crash the server.
    const port = await freePort();
    const child = track(
      spawn(
        process.execPath,
        [
          bundle.cli,
          'serve',
          '--port',
          String(port),
          '--data',
          dataDir(),
          '--public-url',
          'https://files.example.test',
        ],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    child.stdout?.destroy();
    const exited = vi.fn();
    child.on('exit', exited);
    await vi.waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/1/shares/none`);
        expect(res.status).toBe(404);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(exited).not.toHaveBeenCalled();
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  test('a second serve on the same data dir is refused; the first keeps serving', async () => {
    const dir = dataDir();
    const { child, first } = await serve(process.execPath, [
      bundle.cli,
      'serve',
      '--port',
      '0',
      '--data',
      dir,
    ]);
    const second = await gett('serve', '--port', '0', '--data', dir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another gett-server (pid ${child.pid}) is serving`);
    expect((await fetch(`${urlOf(first)}/1/shares/none`)).status).toBe(404);
    child.kill('SIGTERM');
    await once(child, 'exit');
    expect(fs.existsSync(path.join(dir, 'serve.pid'))).toBe(false);
  });

  test('usage errors exit 2 with the usage; failures exit 1 with the reason', async () => {
    const dir = dataDir();
    const missing = await gett('users', 'add', '--data', dir, '--password', 'password1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing --email/);
    expect(missing.stderr).toMatch(/usage:/);
    expect((await gett('frobnicate')).code).toBe(2);
    expect((await gett('serve', '--port', 'x', '--data', dir)).code).toBe(2);
    expect((await gett('serve', '--data', dir, '--bogus')).code).toBe(2);
    expect(
      (
        await gett(
          'users',
          'add',
          '--data',
          dir,
          '--email',
          'c@example.com',
          '--password',
          'password1',
        )
      ).code,
    ).toBe(0);
    const again = await gett(
      'users',
      'add',
      '--data',
      dir,
      '--email',
      'c@example.com',
      '--password',
      'password1',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const noOwner = await gett(
      'apps',
      'add',
      '--data',
      dir,
      '--name',
      'x',
      '--owner',
      'nobody@example.com',
    );
    expect(noOwner.code).toBe(1);
    expect(noOwner.stderr).toMatch(/no account/);
  });

  test('SIGTERM during an upload: the uploader is told, nothing half-written remains', async () => {
    const dir = dataDir();
    await gett(
      'users',
      'add',
      '--data',
      dir,
      '--email',
      'd@example.com',
      '--password',
      'password1',
    );
    const key = (
      await gett('apps', 'add', '--data', dir, '--name', 'x', '--owner', 'd@example.com')
    ).stdout.trim();
    const { child, first } = await serve(process.execPath, [
      bundle.cli,
      'serve',
      '--port',
      '0',
      '--data',
      dir,
    ]);
    const api = urlOf(first);
    const login = (await (
      await fetch(`${api}/1/users/login`, {
        method: 'POST',
        body: JSON.stringify({ apikey: key, email: 'd@example.com', password: 'password1' }),
      })
    ).json()) as { accesstoken: string };
    const t = `?accesstoken=${login.accesstoken}`;
    const share = (await (
      await fetch(`${api}/1/shares/create${t}`, { method: 'POST' })
    ).json()) as { sharename: string };
    const file = (await (
      await fetch(`${api}/1/files/${share.sharename}/create${t}`, {
        method: 'POST',
        body: '{"filename":"big.bin"}',
      })
    ).json()) as { upload: { puturl: string } };
    const upload = openRequest('PUT', file.upload.puturl, { 'content-length': 10_000_000 });
    await upload.write(Buffer.alloc(100_000));
    await vi.waitFor(() => expect(fs.readdirSync(path.join(dir, 'blobs'))).toHaveLength(1));
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    const answer = await upload.response;
    expect(answer.status).toBe(503);
    expect(answer.body.toString()).toMatch(/shutting down/);
    expect(fs.readdirSync(path.join(dir, 'blobs'))).toEqual([]);
    const again = await startServer({ dataDir: dir, extensions: [] });
    try {
      const state = (await (await fetch(`${again.url}/1/files/${share.sharename}/0`)).json()) as {
        readystate: string;
      };
      expect(state.readystate).toBe('remote');
    } finally {
      await again.close();
    }
  });
});

interface Answer {
  accesstoken: string;
  sharename: string;
  upload: { puturl: string };
}

test('a server killed mid-upload starts again with consistent metadata', async () => {
  const dir = dataDir();
  await gett('users', 'add', '--data', dir, '--email', 'k@example.com', '--password', 'password1');
  const key = (
    await gett('apps', 'add', '--data', dir, '--name', 'x', '--owner', 'k@example.com')
  ).stdout.trim();
  const { child, first } = await serve(process.execPath, [
    bundle.cli,
    'serve',
    '--port',
    '0',
    '--data',
    dir,
  ]);
  const api = urlOf(first);
  const post = async (url: string, body?: string) =>
    (await (await fetch(`${api}${url}`, { method: 'POST', body })).json()) as Answer;
  const login = await post(
    '/1/users/login',
    JSON.stringify({ apikey: key, email: 'k@example.com', password: 'password1' }),
  );
  const t = `?accesstoken=${login.accesstoken}`;
  const share = await post(`/1/shares/create${t}`);
  const done = await post(`/1/files/${share.sharename}/create${t}`, '{"filename":"done.txt"}');
  await fetch(done.upload.puturl, { method: 'PUT', body: 'complete' });
  const file = await post(`/1/files/${share.sharename}/create${t}`, '{"filename":"cut.bin"}');
  const upload = openRequest('PUT', file.upload.puturl, {
    'content-length': 1_000_000,
  });
  await upload.write(Buffer.alloc(50_000));
  await vi.waitFor(() => expect(fs.readdirSync(path.join(dir, 'blobs'))).toHaveLength(2));
  child.kill('SIGKILL');
  await once(child, 'exit');
  await upload.response.catch(() => undefined);

  const again = await startServer({ dataDir: dir, extensions: [] });
  try {
    const listing = (await (await fetch(`${again.url}/1/shares/${share.sharename}`)).json()) as {
      files: { filename: string; readystate: string; size?: number }[];
    };
    expect(listing.files.map((f) => [f.filename, f.readystate, f.size])).toEqual([
      ['cut.bin', 'remote', undefined],
      ['done.txt', 'uploaded', 8],
    ]);
    expect(fs.readdirSync(path.join(dir, 'blobs'))).toHaveLength(1);
    const blob = await fetch(`${again.url}/1/files/${share.sharename}/0/blob`);
    expect(await blob.text()).toBe('complete');
  } finally {
    await again.close();
  }
});

describe('embedded entry', () => {
  function messages(child: ChildProcess) {
    const queue: Record<string, unknown>[] = [];
    const waiters: ((m: Record<string, unknown>) => void)[] = [];
    child.on('message', (m: Record<string, unknown>) => {
      const w = waiters.shift();
      if (w) w(m);
      else queue.push(m);
    });
    return () =>
      new Promise<Record<string, unknown>>((resolve) => {
        const m = queue.shift();
        if (m) resolve(m);
        else waiters.push(resolve);
      });
  }

  test('options in argv: listening, local account, stop', async () => {
    const dir = dataDir();
    const child = fork(bundle.embedded, [JSON.stringify({ dataDir: dir, port: 0 })], {
      stdio: 'pipe',
    });
    track(child);
    const next = messages(child);
    const listening = await next();
    expect(listening).toMatchObject({ type: 'listening' });
    const url = listening.url as string;
    expect(listening.publicUrl).toBe(url);
    const account = {
      email: 'me@local',
      password: 'local password 1',
      fullname: 'Me',
      appName: 'Gett Desktop',
    };
    child.send({ type: 'ensureLocalAccount', ...account });
    const first = await next();
    expect(first).toMatchObject({
      type: 'localAccount',
      userid: expect.stringMatching(/^u/) as unknown,
    });
    // Again with a new password: same user, password reset, a fresh key that works.
    child.send({ type: 'ensureLocalAccount', ...account, password: 'another password' });
    const second = await next();
    expect(second.userid).toBe(first.userid);
    const login = await fetch(`${url}/1/users/login`, {
      method: 'POST',
      body: JSON.stringify({
        apikey: second.apikey,
        email: 'me@local',
        password: 'another password',
      }),
    });
    expect(login.status).toBe(200);
    child.send({ type: 'nonsense' });
    expect(await next()).toMatchObject({ type: 'error' });
    child.send({ type: 'stop' });
    expect(await next()).toEqual({ type: 'stopped' });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });

  test('a child whose parent disconnects closes and exits', async () => {
    const child = fork(bundle.embedded, [JSON.stringify({ dataDir: dataDir(), port: 0 })], {
      stdio: 'pipe',
    });
    track(child);
    expect(await messages(child)()).toMatchObject({ type: 'listening' });
    child.disconnect();
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });

  test('options in a start message; a taken port is reported as an error', async () => {
    const dir = dataDir();
    const child = fork(bundle.embedded, [], { stdio: 'pipe' });
    track(child);
    const next = messages(child);
    child.send({ type: 'start', options: { dataDir: dir, port: 0 } });
    const listening = await next();
    expect(listening.type).toBe('listening');
    const port = Number(new URL(listening.url as string).port);
    const clash = fork(bundle.embedded, [JSON.stringify({ dataDir: dataDir(), port })], {
      stdio: 'pipe',
    });
    track(clash);
    const error = await messages(clash)();
    expect(error).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/could not start/) as unknown,
    });
    clash.kill();
    child.send({ type: 'stop' });
    await once(child, 'exit');
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
