/**
 * Storage reservation: uploads that run at the same time (PUT, POST multipart, tus, in any
 * mix) never store more than the owner's limit together, and every one refused says so with
 * the storageLimit code and leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asFile, asUser, startHarness, type Harness, type Login } from './harness.js';
import { openRequest, type OpenRequest } from './rawhttp.js';

const LIMIT = 1_000_000;
const SIZE = 900_000;
const PARALLEL = 50;
const TUS = { 'tus-resumable': '1.0.0' };

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function newFiles(login: Login, n: number) {
  const t = `?accesstoken=${login.accesstoken}`;
  const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  const files = [];
  for (let i = 0; i < n; i++) {
    files.push(
      asFile(
        await h.call('POST', `/1/files/${share.sharename}/create${t}`, {
          body: { filename: `f${i}.bin` },
        }),
      ),
    );
  }
  return files;
}

const me = async (login: Login) => {
  const res = await h.call('GET', `/1/users/me?accesstoken=${login.accesstoken}`);
  const free = (res.json as { storage?: { free?: unknown } }).storage?.free;
  const user = asUser(res);
  return { ...user, storage: { ...user.storage, free } };
};
const blobBytes = () => {
  const dir = path.join(h.dataDir, 'blobs');
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
};

/** What each parallel upload got, and what the owner has stored afterwards. */
async function outcome(login: Login, replies: { status: number; code?: unknown }[]) {
  const ok = replies.filter((r) => r.status === 200).length;
  const refused = replies.filter((r) => r.status === 413 && r.code === 'storageLimit').length;
  const user = await me(login);
  const odd = replies.filter(
    (r) => r.status !== 200 && !(r.status === 413 && r.code === 'storageLimit'),
  );
  if (odd.length) console.log('odd replies', JSON.stringify(odd));
  return { ok, refused, others: replies.length - ok - refused, used: user.storage.used };
}

describe('parallel uploads and the storage limit', () => {
  test(`${PARALLEL} parallel ${SIZE}-byte PUTs against a ${LIMIT}-byte limit: one is stored`, async () => {
    const login = await h.login({ storageLimit: LIMIT });
    const files = await newFiles(login, PARALLEL);
    const before = blobBytes();
    const replies = await together(files, (f) =>
      openRequest('PUT', f.upload!.puturl, { 'content-length': SIZE }),
    );
    const result = await outcome(login, replies);
    console.log('parallel PUT', JSON.stringify(result));
    expect(result).toEqual({ ok: 1, refused: PARALLEL - 1, others: 0, used: SIZE });
    expect(blobBytes() - before).toBe(SIZE);
  });

  test(`${PARALLEL} parallel chunked PUTs of unknown length: at most the limit is stored`, async () => {
    const login = await h.login({ storageLimit: LIMIT });
    const files = await newFiles(login, PARALLEL);
    const before = blobBytes();
    const replies = await together(files, (f) => openRequest('PUT', f.upload!.puturl));
    const result = await outcome(login, replies);
    console.log('parallel chunked PUT', JSON.stringify(result));
    expect(result.used).toBeLessThanOrEqual(LIMIT);
    expect(result.ok).toBe(1);
    expect(result.refused).toBe(PARALLEL - 1);
    expect(blobBytes() - before).toBe(result.used);
  });

  test('parallel multipart POSTs: at most the limit is stored', async () => {
    const login = await h.login({ storageLimit: LIMIT });
    const files = await newFiles(login, 10);
    const replies = await Promise.all(
      files.map(async (f) => {
        const form = new FormData();
        form.append('file', new Blob([Buffer.alloc(SIZE, 1)]), 'big.bin');
        const res = await fetch(f.upload!.posturl, { method: 'POST', body: form });
        const text = await res.text();
        return { status: res.status, code: codeOf(Buffer.from(text)) };
      }),
    );
    const result = await outcome(login, replies);
    console.log('parallel POST', JSON.stringify(result));
    expect(result).toEqual({ ok: 1, refused: 9, others: 0, used: SIZE });
  });

  test('a tus upload holds its announced length: a PUT beside it is refused', async () => {
    const login = await h.login({ storageLimit: LIMIT });
    const [a, b] = await newFiles(login, 2);
    const created = await h.call('POST', a!.upload!.tusurl!, {
      headers: { ...TUS, 'upload-length': `${SIZE}` },
    });
    expect(created.status).toBe(201);
    // What the account says is free is what a PUT may really store.
    expect((await me(login)).storage.free).toBe(LIMIT - SIZE);
    const put = await h.call('PUT', b!.upload!.puturl, { body: Buffer.alloc(SIZE) });
    expect(put.status).toBe(413);
    expect((put.json as { code?: unknown }).code).toBe('storageLimit');
    // Tus-Max-Size promises only what create() accepts.
    const options = await h.call('OPTIONS', b!.upload!.tusurl!);
    expect(Number(options.headers.get('tus-max-size'))).toBe(LIMIT - SIZE);
    const tooBig = await h.call('POST', b!.upload!.tusurl!, {
      headers: { ...TUS, 'upload-length': `${LIMIT - SIZE + 1}` },
    });
    expect(tooBig.status).toBe(413);
    const fits = await h.call('POST', b!.upload!.tusurl!, {
      headers: { ...TUS, 'upload-length': `${LIMIT - SIZE}` },
    });
    expect(fits.status).toBe(201);
  });

  test('a running PUT holds its announced length: a tus upload beside it is refused', async () => {
    const login = await h.login({ storageLimit: LIMIT });
    const [a, b] = await newFiles(login, 2);
    const req = openRequest('PUT', a!.upload!.puturl, { 'content-length': SIZE });
    await req.write(Buffer.alloc(1000));
    // The PUT has started once the file says so.
    for (let i = 0; i < 100; i++) {
      const f = asFile(await h.call('GET', `/1/files/${a!.sharename}/${a!.fileid}`));
      if (f.readystate === 'uploading') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await me(login)).storage.free).toBe(LIMIT - SIZE);
    const tus = await h.call('POST', b!.upload!.tusurl!, {
      headers: { ...TUS, 'upload-length': `${SIZE}` },
    });
    expect(tus.status).toBe(413);
    await req.write(Buffer.alloc(SIZE - 1000));
    expect((await req.end()).status).toBe(200);
    expect((await me(login)).storage).toMatchObject({ used: SIZE, free: LIMIT - SIZE });
  });
});

/**
 * Starts every upload and sends its first bytes before any sends the rest, the way uploads
 * from many connections overlap on a real server (each one passed its start before the
 * others wrote anything).
 */
async function together(
  files: readonly { sharename: string }[],
  open: (f: (typeof files)[number] & { upload?: { puturl: string } }) => OpenRequest,
): Promise<{ status: number; code: unknown }[]> {
  const piece = Buffer.alloc(SIZE / 9, 3);
  const reqs = files.map((f) => open(f as Parameters<typeof open>[0]));
  const send = async (req: OpenRequest, data: Buffer) => {
    try {
      await req.write(data);
      return true;
    } catch {
      return false;
    }
  };
  // A refused upload is answered at once; its client stops sending, as real clients do
  // (bytes sent after the answer may reset the connection and lose the answer).
  const answered = reqs.map((r) => {
    let done = false;
    r.response.then(
      () => (done = true),
      () => (done = true),
    );
    return () => done;
  });
  const alive = await Promise.all(reqs.map((r) => send(r, piece)));
  // Give the server time to start each upload before the rest of the bytes come.
  await new Promise((r) => setTimeout(r, 300));
  return Promise.all(
    reqs.map(async (req, i) => {
      let open = alive[i];
      for (let n = 1; n < 9 && open && !answered[i]!(); n++) open = await send(req, piece);
      const res = await (open && !answered[i]!() ? req.end() : req.response).catch(() => ({
        status: 0,
        body: Buffer.alloc(0),
      }));
      return { status: res.status, code: codeOf(res.body) };
    }),
  );
}

function codeOf(body: Buffer): unknown {
  try {
    return (JSON.parse(body.toString()) as { code?: unknown }).code;
  } catch {
    return undefined;
  }
}
