/** The batch extension: many files in one request and one transaction. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { asFile, asShare, errorOf, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let me: Login;
const t = () => `?accesstoken=${me.accesstoken}`;

beforeAll(async () => {
  h = await startHarness();
  me = await h.login();
});
afterAll(() => h.close());

async function newShare() {
  return asShare(await h.call('POST', `/1/shares/create${t()}`)).sharename;
}

test('createmany makes every file in order, each ready for upload, after files made one by one', async () => {
  const sharename = await newShare();
  asFile(await h.call('POST', `/1/files/${sharename}/create${t()}`, { body: { filename: 'a' } }));
  const names = Array.from({ length: 100 }, (_, i) => `photo-${i}.jpg`);
  const res = await h.call('POST', `/1/files/${sharename}/createmany${t()}`, {
    body: { files: names.map((filename) => ({ filename })) },
  });
  expect(res.status).toBe(200);
  const { files } = res.json as { files: { fileid: string; filename: string; upload?: object }[] };
  expect(files.map((f) => f.filename)).toEqual(names);
  expect(files.map((f) => f.fileid)).toEqual(names.map((_, i) => String(i + 1)));
  expect(files.every((f) => f.upload)).toBe(true);
  // One create after the batch continues the sequence.
  const next = asFile(
    await h.call('POST', `/1/files/${sharename}/create${t()}`, { body: { filename: 'z' } }),
  );
  expect(next.fileid).toBe('101');
  const share = asShare(await h.call('GET', `/1/shares/${sharename}`));
  expect(share.files).toHaveLength(102);
});

test('a bad batch is refused whole, saying what is allowed', async () => {
  const sharename = await newShare();
  const cases: [unknown, RegExp][] = [
    [{ files: [] }, /must not be empty/],
    [{ files: [{ filename: 'ok' }, { filename: '' }] }, /must not be empty/],
    [{ files: Array.from({ length: 501 }, () => ({ filename: 'x' })) }, /at most 500/],
    [{ filename: 'single' }, /files is required/],
  ];
  for (const [body, message] of cases) {
    const res = await h.call('POST', `/1/files/${sharename}/createmany${t()}`, { body });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatch(message);
  }
  expect(asShare(await h.call('GET', `/1/shares/${sharename}`)).files).toHaveLength(0);
});

test("createmany needs the owner's token, like create", async () => {
  const sharename = await newShare();
  const body = { files: [{ filename: 'a' }] };
  const anonymous = await h.call('POST', `/1/files/${sharename}/createmany`, { body });
  expect(anonymous.status).toBe(401);
  const other = await h.login();
  const foreign = await h.call(
    'POST',
    `/1/files/${sharename}/createmany?accesstoken=${other.accesstoken}`,
    { body },
  );
  expect(foreign.status).toBe(403);
});
