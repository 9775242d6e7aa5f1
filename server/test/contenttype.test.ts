/**
 * Old clients send Content-Types no parser accepts: gett-pett's second upload PUTs with
 * `Content-Type: ('text/plain', None)` (a Python tuple printed into the header). A body is
 * bytes (uploads) or JSON (API calls) whatever that header says (#12).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness, type Harness, type Login } from './harness.js';
import { openRequest } from './rawhttp.js';

const GETT_PETT = "('text/plain', None)";

let h: Harness;
let me: Login;
beforeAll(async () => {
  h = await startHarness();
  me = await h.login();
});
afterAll(() => h.close());

const newFile = (filename: string) => h.newFile(me, filename);

const content = async (file: { sharename: string; fileid: string }) =>
  (await fetch(`${h.server.url}/1/files/${file.sharename}/${file.fileid}/blob`)).text();

test("gett-pett's PUT with Content-Type ('text/plain', None) uploads", async () => {
  const file = await newFile('second.txt');
  const req = openRequest('PUT', file.upload!.puturl, {
    'content-type': GETT_PETT,
    'content-length': 11,
  });
  await req.write('hello pett!');
  const res = await req.end();
  expect(res.status).toBe(200);
  expect(res.body.toString()).toBe('computer says yes');
  expect(await content(file)).toBe('hello pett!');
});

test('the same header on the posturl and on API calls is ignored too', async () => {
  const file = await newFile('posted.txt');
  const posted = await h.call('POST', file.upload!.posturl, {
    body: 'raw bytes',
    headers: { 'content-type': GETT_PETT },
  });
  expect(posted.status).toBe(200);
  expect(await content(file)).toBe('raw bytes');
  const login = await h.call('POST', '/1/users/login', {
    body: { apikey: me.apikey, email: me.email, password: me.password },
    headers: { 'content-type': GETT_PETT },
  });
  expect(login.status).toBe(200);
});
