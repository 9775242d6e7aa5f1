/**
 * Password-protected shares: without the password a share shows only that it exists and is
 * protected, and its file, blob, thumb and scale reads answer 401; `POST .../unlock` trades the
 * password for an unlock token that opens them; the owner never needs one; wrong passwords are
 * rate-limited per share and per address; the hashing goes through the login's bounded gate;
 * the owner hears `download` only for unlocked downloads.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverExtensions } from '../extensions.js';
import { passwordHashing } from '../auth/hashGate.js';
import { openWebSocket } from '../live/test-helpers.js';
import { asFile, asShare, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let owner: Login;
beforeAll(async () => {
  // trustProxy: the tests speak for several client addresses through X-Forwarded-For.
  h = await startHarness({
    extensions: serverExtensions,
    trustProxy: true,
    unlockLimits: { perAccountAddress: 3, perAccount: 6, perAddress: 5, windowMs: 60_000 },
  });
  owner = await h.login();
});
afterAll(() => h.close());

const from = (address: string) => ({ 'x-forwarded-for': address });
let addresses = 0;
/** A client address no other test used (the limits count per address). */
const freshAddress = () => `10.1.${Math.floor(++addresses / 250)}.${addresses % 250}`;

/** A protected share with a text file (0) and a picture (1), both uploaded. */
async function protectedShare(password = 'open sesame', extra: Record<string, unknown> = {}) {
  const t = `?accesstoken=${owner.accesstoken}`;
  const share = asShare(
    await h.call('POST', `/1/shares/create${t}`, {
      body: { title: 'Holiday', password, ...extra },
    }),
  );
  const png = await sharp({
    create: { width: 300, height: 150, channels: 3, background: '#3a7' },
  })
    .png()
    .toBuffer();
  for (const [name, body] of [
    ['notes.txt', 'secret notes'],
    ['photo.png', png],
  ] as const) {
    const file = asFile(
      await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: name } }),
    );
    expect((await h.call('PUT', file.upload!.puturl, { body })).status).toBe(200);
  }
  return share.sharename;
}

async function unlock(sharename: string, password: string, address = freshAddress()) {
  return h.call('POST', `/1/shares/${sharename}/unlock`, {
    body: { password },
    headers: from(address),
  });
}

/** Every read of a share's contents, with `query` added. */
const reads = (s: string) => [
  `/1/files/${s}/0`,
  `/1/files/${s}/0/blob`,
  `/1/files/${s}/1/blob/thumb`,
  `/1/files/${s}/1/blob/scale?size=100x100`,
  `/1/files/${s}/1/blob/100x100`,
];
const withQuery = (url: string, q: string) => `${url}${url.includes('?') ? '&' : '?'}${q}`;

describe('without the password', () => {
  test('the share view shows only that it exists and is protected', async () => {
    const s = await protectedShare('pw', {
      maxdownloads: 3,
      expires: Math.floor(Date.now() / 1000) + 3600,
    });
    const view = (await h.call('GET', `/1/shares/${s}`)).json as Record<string, unknown>;
    expect(view).toEqual({
      sharename: s,
      created: expect.any(Number) as number,
      getturl: expect.stringContaining(`/${s}`) as string,
      files: [],
      live: false,
      protected: true,
    });
    // Old clients still read it as a share.
    asShare(await h.call('GET', `/1/shares/${s}`));
  });

  test('file, blob, thumb and scale answer 401 with a code saying how to unlock', async () => {
    const s = await protectedShare();
    for (const url of reads(s)) {
      const r = await h.call('GET', url);
      expect(r.status, url).toBe(401);
      expect(r.json, url).toEqual({
        error: expect.stringMatching(/protected by a password.*unlock/) as string,
        code: 'sharePasswordRequired',
      });
    }
    // Download all follows the same rule.
    const zip = await h.call('GET', `/1/shares/${s}/zip`);
    expect(zip.status).toBe(401);
    expect(zip.json).toMatchObject({ code: 'sharePasswordRequired' });
    // HEAD and noinc are reads too.
    expect((await h.call('HEAD', `/1/files/${s}/0/blob`)).status).toBe(401);
    expect((await h.call('GET', `/1/files/${s}/0/blob?noinc`)).status).toBe(401);
  });

  test('a token of another share, a forged or a garbled one opens nothing', async () => {
    const s = await protectedShare('one');
    const other = await protectedShare('two');
    const token = ((await unlock(other, 'two')).json as { unlocktoken: string }).unlocktoken;
    const forged = token.replace(other, s);
    for (const bad of [token, forged, 'u.x.1.y', 'nonsense']) {
      for (const url of reads(s)) {
        const r = await h.call('GET', withQuery(url, `unlocktoken=${encodeURIComponent(bad)}`));
        expect(r.status, `${url} ${bad}`).toBe(401);
        expect(r.json).toMatchObject({ code: 'badUnlockToken' });
      }
      const view = await h.call('GET', `/1/shares/${s}?unlocktoken=${encodeURIComponent(bad)}`);
      expect(view.status).toBe(401);
      expect(view.json).toMatchObject({ code: 'badUnlockToken' });
    }
  });
});

describe('unlocking', () => {
  test('the password gives a token that opens the share, file, blob, thumb and scale', async () => {
    const s = await protectedShare('open sesame');
    const wrong = await unlock(s, 'open says me');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ code: 'wrongSharePassword', error: /wrong password/ });

    const ok = await unlock(s, 'open sesame');
    expect(ok.status).toBe(200);
    const body = ok.json as { unlocktoken: string; expires: number };
    expect(Object.keys(body).sort()).toEqual(['expires', 'unlocktoken']);
    expect(body.expires).toBe(86400);
    const q = `unlocktoken=${encodeURIComponent(body.unlocktoken)}`;

    const view = asShare(await h.call('GET', `/1/shares/${s}?${q}`));
    expect(view).toMatchObject({ title: 'Holiday', protected: true });
    expect(view.files.map((f) => f.filename).sort()).toEqual(['notes.txt', 'photo.png']);
    expect(view).not.toHaveProperty('userid');

    expect(asFile(await h.call('GET', `/1/files/${s}/0?${q}`)).filename).toBe('notes.txt');
    const blob = await h.call('GET', `/1/files/${s}/0/blob?${q}`);
    expect(blob.status).toBe(302);
    expect((await h.call('GET', blob.headers.get('location')!)).text).toBe('secret notes');
    for (const url of reads(s).slice(2)) {
      const r = await h.call('GET', withQuery(url, q));
      expect(r.status, url).toBe(302);
      const image = await h.call('GET', r.headers.get('location')!);
      expect(image.headers.get('content-type')).toBe('image/png');
    }
  });

  test('Download all opens with the token too', async () => {
    const s = await protectedShare('zip me');
    const { unlocktoken } = (await unlock(s, 'zip me')).json as { unlocktoken: string };
    const res = await fetch(`${h.server.url}/1/shares/${s}/zip?unlocktoken=${unlocktoken}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.includes(Buffer.from('secret notes'))).toBe(true);
  });

  test('the owner never needs it', async () => {
    const s = await protectedShare();
    const t = `accesstoken=${owner.accesstoken}`;
    const view = asShare(await h.call('GET', `/1/shares/${s}?${t}`));
    expect(view.files).toHaveLength(2);
    expect(view.userid).toBe(owner.user.userid);
    for (const url of reads(s)) {
      expect((await h.call('GET', withQuery(url, t))).status, url).toBeLessThan(400);
    }
    // Another account's token is no owner's.
    const stranger = await h.login();
    expect(
      (await h.call('GET', `/1/files/${s}/0/blob?accesstoken=${stranger.accesstoken}`)).status,
    ).toBe(401);
  });

  test('a new password ends the unlocks given before; removing it opens the share', async () => {
    const s = await protectedShare('first');
    const token = ((await unlock(s, 'first')).json as { unlocktoken: string }).unlocktoken;
    const blob = () => h.call('GET', `/1/files/${s}/0/blob?unlocktoken=${token}`);
    expect((await blob()).status).toBe(302);
    const t = `?accesstoken=${owner.accesstoken}`;
    await h.call('POST', `/1/shares/${s}/update${t}`, { body: { password: 'second' } });
    expect((await blob()).status).toBe(401);
    expect((await unlock(s, 'first')).status).toBe(401);
    expect((await unlock(s, 'second')).status).toBe(200);
    await h.call('POST', `/1/shares/${s}/update${t}`, { body: { password: null } });
    expect((await h.call('GET', `/1/files/${s}/0/blob`)).status).toBe(302);
    const unprotected = await unlock(s, 'second');
    expect(unprotected.status).toBe(400);
    expect(unprotected.json).toMatchObject({ code: 'shareNotProtected' });
  });

  test('unknown, removed and malformed unlocks say what is wrong', async () => {
    expect((await unlock('nosuchshare', 'x')).json).toMatchObject({ code: 'shareNotFound' });
    const s = await protectedShare('pw');
    const missing = await h.call('POST', `/1/shares/${s}/unlock`, { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 'invalidField' });
    const number = await h.call('POST', `/1/shares/${s}/unlock`, { body: { password: 5 } });
    expect(number.status).toBe(400);
    await h.call('POST', `/1/shares/${s}/destroy?accesstoken=${owner.accesstoken}`);
    const removed = await unlock(s, 'pw');
    expect(removed.status).toBe(410);
    expect((await h.call('GET', `/1/shares/${s}`)).json).toMatchObject({ readystate: 'removed' });
  });
});

describe('wrong passwords are limited', () => {
  test('per share from one address: then 429 with Retry-After, even for the right password', async () => {
    const s = await protectedShare('right');
    const me = freshAddress();
    for (let i = 0; i < 3; i++) expect((await unlock(s, 'wrong', me)).status).toBe(401);
    const blocked = await unlock(s, 'right', me);
    expect(blocked.status).toBe(429);
    expect(blocked.json).toMatchObject({
      code: 'tooManyUnlocks',
      error: expect.stringMatching(/try again in \d+ seconds/) as string,
    });
    const wait = Number(blocked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    // Another address still gets in.
    expect((await unlock(s, 'right')).status).toBe(200);
  });

  test('per share from anywhere', async () => {
    const s = await protectedShare('right');
    for (let i = 0; i < 6; i++) expect((await unlock(s, 'wrong')).status).toBe(401);
    expect((await unlock(s, 'right')).status).toBe(429);
  });

  test('per address across shares', async () => {
    const me = freshAddress();
    for (let i = 0; i < 5; i++) {
      expect((await unlock(await protectedShare('right'), 'wrong', me)).status).toBe(401);
    }
    const fresh = await protectedShare('right');
    expect((await unlock(fresh, 'right', me)).status).toBe(429);
    expect((await unlock(fresh, 'right')).status).toBe(200);
  });
});

test('unlocks hash through the bounded gate of account passwords: 2 at once, 32 waiting, then 503 busy', async () => {
  const names = await Promise.all(Array.from({ length: 4 }, () => protectedShare('right')));
  passwordHashing.peak = 0;
  const replies = await Promise.all(
    Array.from({ length: 60 }, (_, i) => unlock(names[i % 4]!, 'right')),
  );
  const statuses = replies.map((r) => r.status);
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(34);
  const busy = replies.filter((r) => r.status === 503);
  expect(busy.length).toBeGreaterThan(0);
  expect(busy[0]!.json).toMatchObject({ code: 'busy' });
  expect(busy[0]!.headers.get('retry-after')).toBe('2');
  expect(passwordHashing.peak).toBe(2);
});

test("the owner's app hears `download` only for unlocked downloads", async () => {
  const s = await protectedShare('pw');
  const live = await openWebSocket(`ws://127.0.0.1:${h.server.port}/1/live`, { answerPings: true });
  live.ws.send(JSON.stringify({ type: 'connect', accesstoken: owner.accesstoken, session: 'x' }));
  await new Promise((r) => setTimeout(r, 200));
  try {
    expect((await h.call('GET', `/1/files/${s}/0/blob`)).status).toBe(401);
    const token = ((await unlock(s, 'pw')).json as { unlocktoken: string }).unlocktoken;
    expect((await h.call('GET', `/1/files/${s}/1/blob?unlocktoken=${token}`)).status).toBe(302);
    const event = JSON.parse(await live.log.next((f) => f.includes('"download"'))) as {
      fileid: string;
    };
    expect(event.fileid).toBe('1');
  } finally {
    live.ws.close();
  }
});
