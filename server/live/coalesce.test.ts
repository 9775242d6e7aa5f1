/** Anonymous /blob GETs no longer knock the owner's jsonsocket client off (issue 12). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openJsonSocket } from './test-helpers.js';
import { startTestServer, type TestServer } from './test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

test('3,000 downloads of one file reach a jsonsocket owner coalesced; it stays connected', async () => {
  const client = await openJsonSocket(t.server.port, { answerPings: true });
  client.send(JSON.stringify({ type: 'connect', accesstoken: t.accesstoken, session: 's1' }));
  const { file } = await t.createFile('a.txt');
  expect((await fetch(file.upload!.puturl, { method: 'PUT', body: 'hi' })).status).toBe(200);
  let closed = false;
  void client.closed.then(() => (closed = true));
  const blob = `${t.server.url}/1/files/${file.sharename}/${file.fileid}/blob`;
  for (let i = 0; i < 150; i++) {
    await Promise.all(
      Array.from({ length: 20 }, () => fetch(blob, { redirect: 'manual' }).then((r) => r.text())),
    );
  }
  await client.log.next((f) => f.includes('"download"'));
  await new Promise((r) => setTimeout(r, 300));
  expect(closed).toBe(false);
  client.socket.destroy();
}, 60_000);
