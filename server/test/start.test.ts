/** startServer options: public URL in every link, a taken port, host defaults; close(). */
import { once } from 'node:events';
import fs from 'node:fs';
import { connect } from 'node:net';
import { expect, test } from 'vitest';
import { startServer } from '../index.js';
import { asFile, asShare, startHarness, tempDir } from './harness.js';

test('links carry the public URL (trailing slash dropped), the server listens on loopback', async () => {
  const h = await startHarness({ publicUrl: 'https://files.example.com/' });
  try {
    expect(h.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(h.server.publicUrl).toBe('https://files.example.com');
    const me = await h.login();
    const t = `?accesstoken=${me.accesstoken}`;
    const share = asShare(await h.call('POST', `/1/shares/create${t}`));
    expect(share.getturl).toBe(`https://files.example.com/${share.sharename}`);
    const file = asFile(
      await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'f' } }),
    );
    expect(file.upload!.puturl.startsWith('https://files.example.com/1/upload/')).toBe(true);
  } finally {
    await h.close();
  }
});

test('a taken port fails the start cleanly; the data dir stays usable', async () => {
  const h = await startHarness();
  const dir = tempDir();
  try {
    await expect(
      startServer({ dataDir: dir, port: h.server.port, extensions: [] }),
    ).rejects.toThrow(/EADDRINUSE/);
    const second = await startServer({ dataDir: dir, port: 0, extensions: [] });
    expect((await fetch(`${second.url}/1/shares/none`)).status).toBe(404);
    await second.close();
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('close() cuts, after the drain time, connections the HTTP server does not track', async () => {
  const dir = tempDir();
  // An extension that takes over upgraded connections and never lets them go.
  const server = await startServer({
    dataDir: dir,
    extensions: [() => ({ register: (app) => void app.server.on('upgrade', () => undefined) })],
  });
  try {
    const socket = connect({ port: server.port, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    const closed = once(socket, 'close');
    await once(socket, 'connect');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: held\r\n\r\n');
    // The request reached the server once another one on a second connection is answered.
    await fetch(`${server.url}/1/shares/none`);
    await server.close();
    await closed;
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 20_000);
