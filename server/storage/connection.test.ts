/**
 * A running server holds its metadata database open once: the live API's moderation and
 * download records share the metadata store's connection instead of opening their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { addApp, addUser } from '../admin.js';
import { startHarness, tempDir, type Harness, type Login } from '../test/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** How many descriptors of this process are open on `file` (Linux: /proc/self/fd). */
function openCount(file: string): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === file) n += 1;
    } catch {
      // Closed while listing (the readdir's own descriptor, say).
    }
  }
  return n;
}

test.skipIf(process.platform !== 'linux')(
  'the server with its live API opens gett.sqlite once',
  async () => {
    // The account is made before the server starts: SQLite keeps the descriptor of a closed
    // connection open while another connection of the process holds locks on the file.
    const dataDir = tempDir();
    const account = { email: 'ann@example.test', password: 'a long enough password' };
    await addUser(dataDir, account);
    const { apikey } = await addApp(dataDir, { name: 'tests', ownerEmail: account.email });
    // The project's own extensions (live API, download records, moderation), as serve runs it.
    h = await startHarness({ dataDir, extensions: undefined });
    const login = await h.call('POST', '/1/users/login', { body: { apikey, ...account } });
    const me = { ...(login.json as Login), apikey, ...account };
    const file = await h.newFile(me, 'notes.txt');
    expect((await h.call('PUT', file.upload!.puturl, { body: 'some bytes' })).status).toBe(200);
    const blob = await h.call('GET', `/1/files/${file.sharename}/${file.fileid}/blob`, {
      redirect: 'follow',
    });
    expect(blob.text).toBe('some bytes');
    const db = fs.realpathSync(path.join(h.dataDir, 'gett.sqlite'));
    expect(openCount(db)).toBe(1);
  },
);
