/** REST v1 shares and files (gett-api.md §3-§5): every endpoint, its shapes and quirks. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asFile, asShare, errorOf, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let me: Login;
const q = (extra = ''): string => `?accesstoken=${me.accesstoken}${extra}`;

beforeAll(async () => {
  h = await startHarness();
  me = await h.login();
});
afterAll(() => h.close());

async function newShare(title?: string | null) {
  const body = title === undefined ? undefined : { title };
  return asShare(await h.call('POST', `/1/shares/create${q()}`, { body }));
}

describe('shares (S1-S5)', () => {
  test('create with an empty body, no Content-Type, or title null', async () => {
    const empty = await h.call('POST', `/1/shares/create${q()}`);
    expect(empty.status).toBe(200);
    const share = asShare(empty);
    expect(share.sharename).toMatch(/^[0-9A-Za-z]{8}$/);
    expect(share.files).toEqual([]);
    expect(share.getturl).toBe(`${h.server.publicUrl}/${share.sharename}`);
    expect(Math.abs(share.created - Date.now() / 1000)).toBeLessThan(60);
    expect('title' in share).toBe(false);
    const nullTitle = await newShare(null);
    expect('title' in nullTitle).toBe(false);
    const titled = await newShare('Holiday');
    expect(titled.title).toBe('Holiday');
  });

  test('get is public; accesstoken is tolerated there too', async () => {
    const share = await newShare('Public');
    const anon = asShare(await h.call('GET', `/1/shares/${share.sharename}`));
    expect(anon.title).toBe('Public');
    // The owner is named to the owner only (ownerview.test.ts).
    expect(anon).toMatchObject({ live: false });
    expect(anon).not.toHaveProperty('userid');
    const mine = await h.call('GET', `/1/shares/${share.sharename}${q()}`);
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ userid: me.user.userid, fullname: 'Test User' });
  });

  test('list answers an array with files; skip and limit page it', async () => {
    const fresh = await h.login();
    const t = `?accesstoken=${fresh.accesstoken}`;
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      names.push(asShare(await h.call('POST', `/1/shares/create${t}`)).sharename);
    }
    const all = await h.call('GET', `/1/shares${t}`);
    expect(Array.isArray(all.json)).toBe(true);
    expect((all.json as { sharename: string }[]).map((s) => s.sharename).sort()).toEqual(
      [...names].sort(),
    );
    const page = await h.call('GET', `/1/shares${t}&skip=1&limit=1`);
    expect(page.json).toHaveLength(1);
    const bad = await h.call('GET', `/1/shares${t}&limit=-4`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatch(/limit/);
  });

  test('update changes the title; null removes it; another user gets 403', async () => {
    const share = await newShare('Before');
    const updated = asShare(
      await h.call('POST', `/1/shares/${share.sharename}/update${q()}`, {
        body: { title: 'After' },
      }),
    );
    expect(updated.title).toBe('After');
    const cleared = asShare(
      await h.call('POST', `/1/shares/${share.sharename}/update${q()}`, { body: { title: null } }),
    );
    expect('title' in cleared).toBe(false);
    const other = await h.login();
    const denied = await h.call(
      'POST',
      `/1/shares/${share.sharename}/update?accesstoken=${other.accesstoken}`,
      { body: { title: 'mine now' } },
    );
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toBe("share doesn't belong to authenticated user");
    expect(asShare(await h.call('GET', `/1/shares/${share.sharename}`)).title).toBeUndefined();
  });

  test('destroy answers an object holding true; the share then reads as removed', async () => {
    const share = await newShare('Doomed');
    const other = await h.login();
    const denied = await h.call(
      'POST',
      `/1/shares/${share.sharename}/destroy?accesstoken=${other.accesstoken}`,
    );
    expect(denied.status).toBe(403);
    const res = await h.call('POST', `/1/shares/${share.sharename}/destroy${q()}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true });
    const after = await h.call('GET', `/1/shares/${share.sharename}`);
    expect(after.status).toBe(200);
    expect(asShare(after).readystate).toBe('removed');
    expect((await h.call('POST', `/1/shares/${share.sharename}/destroy${q()}`)).status).toBe(200);
    const listed = (await h.call('GET', `/1/shares${q()}`)).json as { sharename: string }[];
    expect(listed.some((s) => s.sharename === share.sharename)).toBe(false);
  });

  test('unknown shares are 404 share not found', async () => {
    for (const [method, url] of [
      ['GET', '/1/shares/nosuchshare'],
      ['POST', `/1/shares/nosuchshare/update${q()}`],
      ['POST', `/1/shares/nosuchshare/destroy${q()}`],
      ['POST', `/1/files/nosuchshare/create${q()}`],
    ] as const) {
      const body = method === 'POST' ? { filename: 'x' } : undefined;
      const res = await h.call(method, url, { body });
      expect(res.status, url).toBe(404);
      expect(errorOf(res)).toBe('share not found');
    }
  });
});

describe('files (F1-F4)', () => {
  test('ids are strings "0", "1", …; newest first; upload URLs only on create', async () => {
    const share = await newShare();
    const created = [];
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      created.push(
        asFile(
          await h.call('POST', `/1/files/${share.sharename}/create${q()}`, {
            body: { filename: name },
          }),
        ),
      );
    }
    expect(created.map((f) => f.fileid)).toEqual(['0', '1', '2']);
    const first = created[0]!;
    expect(first).toMatchObject({
      filename: 'a.txt',
      sharename: share.sharename,
      readystate: 'remote',
      downloads: 0,
    });
    expect(first.getturl).toBe(`${h.server.publicUrl}/${share.sharename}/v/0`);
    expect(first.upload?.puturl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/1\/upload\//);
    expect(first.upload?.posturl).toMatch(/sig=/);
    expect('size' in first).toBe(false);
    const listing = asShare(await h.call('GET', `/1/shares/${share.sharename}`));
    expect(listing.files.map((f) => f.fileid)).toEqual(['2', '1', '0']);
    expect(listing.files[0]?.upload).toBeUndefined();
  });

  test('get is public; destroy removes it; ids are never reused', async () => {
    const share = await newShare();
    const path0 = `/1/files/${share.sharename}`;
    await h.call('POST', `${path0}/create${q()}`, { body: { filename: 'one' } });
    expect(asFile(await h.call('GET', `${path0}/0`)).filename).toBe('one');
    const destroyed = await h.call('POST', `${path0}/0/destroy${q()}`);
    expect(destroyed.json).toEqual({ success: true });
    const gone = await h.call('GET', `${path0}/0`);
    expect(gone.status).toBe(404);
    expect(errorOf(gone)).toBe('file not found');
    const next = asFile(
      await h.call('POST', `${path0}/create${q()}`, { body: { filename: 'two' } }),
    );
    expect(next.fileid).toBe('1');
    expect(asShare(await h.call('GET', `/1/shares/${share.sharename}`)).files).toHaveLength(1);
  });

  test('upload answers fresh puturl/posturl; other users get 403', async () => {
    const share = await newShare();
    await h.call('POST', `/1/files/${share.sharename}/create${q()}`, { body: { filename: 'f' } });
    const urls = await h.call('GET', `/1/files/${share.sharename}/0/upload${q()}`);
    expect(urls.status).toBe(200);
    // Extra fields (extensions such as tusurl) are fine: clients ignore unknown keys.
    expect(urls.json).toMatchObject({
      puturl: expect.stringMatching(/sig=/) as unknown,
      posturl: expect.stringMatching(/sig=/) as unknown,
    });
    const other = await h.login();
    const t = `?accesstoken=${other.accesstoken}`;
    expect((await h.call('GET', `/1/files/${share.sharename}/0/upload${t}`)).status).toBe(403);
    expect((await h.call('POST', `/1/files/${share.sharename}/0/destroy${t}`)).status).toBe(403);
    expect(
      (await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'x' } }))
        .status,
    ).toBe(403);
  });

  test('a session is accepted on create (live API)', async () => {
    const share = await newShare();
    const file = asFile(
      await h.call('POST', `/1/files/${share.sharename}/create${q()}`, {
        body: { filename: 'live.bin', session: '42a3414' },
      }),
    );
    expect(file.readystate).toBe('remote');
  });

  test('filenames are display names: traversal and long unicode are kept as given', async () => {
    const share = await newShare();
    const names = [
      '../../etc/passwd',
      '..\\..\\boot.ini',
      `${'ü🙂漢'.repeat(100)}.txt`,
      '.',
      'a/b/c',
    ];
    for (const filename of names) {
      const res = await h.call('POST', `/1/files/${share.sharename}/create${q()}`, {
        body: { filename },
      });
      expect(res.status, filename).toBe(200);
      expect(asFile(res).filename).toBe(filename);
    }
    expect(fs.readdirSync(path.join(h.dataDir, 'blobs'))).not.toContain('passwd');
  });

  test('missing or bad filenames are 400 naming the field', async () => {
    const share = await newShare();
    for (const body of [
      {},
      { filename: '' },
      { filename: 42 },
      { filename: 'a\nb' },
      { filename: 'x'.repeat(2000) },
    ]) {
      const res = await h.call('POST', `/1/files/${share.sharename}/create${q()}`, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res)).toMatch(/filename/);
    }
  });
});
