/**
 * Password hashing is bounded (#12): a flood of wrong logins naming unknown emails, from many
 * addresses, neither runs unbounded scrypt on the thread pool nor slows downloads down.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { passwordHashing } from '../auth/hashGate.js';
import { asFile, errorOf, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let me: Login;
beforeAll(async () => {
  // Behind a proxy, each request names its own client: the flood comes from many addresses,
  // so the per-address login limit does not stop it and only the hashing bound can.
  h = await startHarness({ trustProxy: true });
  me = await h.login();
});
afterAll(() => h.close());

async function timedDownload(url: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect((await res.arrayBuffer()).byteLength).toBe(10 * 1024 * 1024);
  return performance.now() - start;
}

test('64 concurrent unknown-email logins: hashing is bounded, downloads keep their pace', async () => {
  const t = `?accesstoken=${me.accesstoken}`;
  const share = (await h.call('POST', `/1/shares/create${t}`)).json as { sharename: string };
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create${t}`, { body: { filename: 'big' } }),
  );
  expect(
    (await h.call('PUT', file.upload!.puturl, { body: Buffer.alloc(10 << 20, 7) })).status,
  ).toBe(200);
  const blob = `${h.server.url}/1/files/${share.sharename}/${file.fileid}/blob`;
  const quiet = await timedDownload(blob);

  let n = 0;
  const statuses: number[] = [];
  let busy: Awaited<ReturnType<Harness['call']>> | undefined;
  let flooding = true;
  const attacker = async () => {
    while (flooding) {
      const i = n++;
      const res = await h.call('POST', '/1/users/login', {
        body: { email: `nobody${i}@example.com`, password: 'guess' },
        headers: { 'x-forwarded-for': `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` },
      });
      statuses.push(res.status);
      if (res.status === 503) busy = res;
    }
  };
  passwordHashing.peak = 0;
  const flood = Array.from({ length: 64 }, attacker);
  await new Promise((r) => setTimeout(r, 300));
  const loaded = await timedDownload(blob);
  flooding = false;
  await Promise.all(flood);

  console.log(
    `10 MiB download: ${quiet.toFixed(0)} ms quiet, ${loaded.toFixed(0)} ms under 64 concurrent logins (${statuses.length} logins, ${statuses.filter((s) => s === 503).length} refused busy)`,
  );
  expect(passwordHashing.peak).toBeLessThanOrEqual(passwordHashing.slots);
  expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
  expect(busy, 'some logins were refused as busy').toBeDefined();
  expect(busy!.headers.get('retry-after')).toBe('2');
  expect(errorOf(busy!)).toMatch(/busy/);
  // Before the bound the download took 50× as long (224 ms → 12 s). The bound above is what
  // keeps the pace; this only catches a return to that, with room for a busy shared machine.
  expect(loaded).toBeLessThan(Math.max(quiet * 20, 8000));
}, 60_000);
