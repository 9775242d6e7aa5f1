/**
 * The upload speed cap against a real server over real sockets: the total rate of uploads
 * running together holds at the cap, a change in Settings applies to running uploads at once,
 * the setting is saved, and bad values are refused at the IPC boundary.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import type { UploadProgress } from '../../shared/model';
import { ApiClient, putBlob } from '../api';
import { dispatch, trustedSender } from '../ipc/handle';
import { JsonFileStore } from '../settings/store';
import { SettingsService } from '../settings/settings';
import {
  download,
  randomFile,
  remoteCore,
  sha256,
  type CoreUnderTest,
} from '../testing/coreFixture';
import { createAccount, serve, tempDir, type TestAccount } from '../testing/harness';
import { RateLimiter } from './rateLimit';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let account: TestAccount;
const cores: CoreUnderTest[] = [];
let n = 0;

beforeAll(async () => {
  dir = await tempDir('rate');
  server = await serve(join(dir.path, 'server'));
  account = await createAccount(join(dir.path, 'server'));
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.core.close()));
  await server.close();
  await dir.remove();
});

async function core(speed: number, concurrency = 2) {
  const userData = join(dir.path, `app-${++n}`);
  await mkdir(userData);
  const c = await remoteCore(userData, server.url, account, {
    settings: { uploadSpeedLimit: speed, uploadConcurrency: concurrency },
  });
  cores.push(c);
  return { ...c, userData };
}

/** Every progress tick of the core, stamped with the time it arrived. */
function timeline(c: CoreUnderTest) {
  const ticks: { t: number; p: UploadProgress }[] = [];
  c.core.onEvent((channel, payload) => {
    if (channel === 'uploads:progress')
      ticks.push({ t: performance.now(), p: payload as UploadProgress });
  });
  /** Bytes of all files sent by time `t` (each file's last tick at or before it). */
  const bytesAt = (t: number) => {
    const last = new Map<string, number>();
    for (const tick of ticks)
      if (tick.t <= t) last.set(`${tick.p.sharename}/${tick.p.fileid}`, tick.p.bytes);
    return [...last.values()].reduce((a, b) => a + b, 0);
  };
  return { ticks, bytesAt };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the upload speed cap', () => {
  it('holds two uploads running together to the cap in total', async () => {
    const rate = 1_000_000;
    const c = await core(rate);
    const files = await Promise.all(
      ['a.bin', 'b.bin'].map((name) => randomFile(dir.path, `${n}-${name}`, 1_500_000)),
    );
    const started = performance.now();
    const result = await c.core.handlers['shares:drop']({ paths: files.map((f) => f.path) });
    const done = await c.events.waitFor('shares:changed', (v) =>
      v.some(
        (s) =>
          s.sharename === result.sharename &&
          s.files.length === 2 &&
          s.files.every((f) => f.readystate === 'uploaded'),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const measured = 3_000_000 / seconds;
    console.log(
      `cap ${rate} B/s, two files together: ${Math.round(measured)} B/s over ${seconds.toFixed(2)} s`,
    );
    expect(measured).toBeGreaterThan(rate * 0.7);
    expect(measured).toBeLessThan(rate * 1.2);
    // Both moved at once, sharing the rate, and arrived intact.
    const share = done.find((s) => s.sharename === result.sharename)!;
    for (const [i, f] of share.files.entries()) {
      expect(sha256(await download(server.url, share.sharename, f.fileid))).toBe(files[i]!.sha256);
    }
  });

  it('applies a new cap to a running upload at once, and no cap lets it finish', async () => {
    const c = await core(200_000, 1);
    const tl = timeline(c);
    const file = await randomFile(dir.path, `${n}-live.bin`, 8_000_000);
    const result = await c.core.handlers['shares:drop']({ paths: [file.path] });
    await c.events.waitFor('uploads:progress', (p) => p.bytes > 0);
    const t0 = performance.now();
    await sleep(1500);
    const slow = (tl.bytesAt(performance.now()) - tl.bytesAt(t0 + 250)) / 1.25;

    await c.core.handlers['settings:set']({ uploadSpeedLimit: 2_000_000 });
    const t1 = performance.now();
    await sleep(1500);
    const fast = (tl.bytesAt(performance.now()) - tl.bytesAt(t1 + 250)) / 1.25;
    console.log(
      `live change: ${Math.round(slow)} B/s at a 200000 cap, ${Math.round(fast)} B/s at 2000000`,
    );
    expect(slow).toBeGreaterThan(200_000 * 0.6);
    expect(slow).toBeLessThan(200_000 * 1.4);
    expect(fast).toBeGreaterThan(2_000_000 * 0.6);
    expect(fast).toBeLessThan(2_000_000 * 1.4);

    await c.core.handlers['settings:set']({ uploadSpeedLimit: 0 });
    const t2 = performance.now();
    await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === result.sharename && s.files[0]?.readystate === 'uploaded'),
    );
    // What was left (about 4 MB) goes far faster than the 2 MB/s cap would allow.
    expect(performance.now() - t2).toBeLessThan(1500);
    expect(sha256(await download(server.url, result.sharename, '0'))).toBe(file.sha256);

    // Saved: a restart starts with the last cap.
    await c.core.handlers['settings:set']({ uploadSpeedLimit: 500_000 });
    const saved = JSON.parse(await readFile(join(c.userData, 'settings.json'), 'utf8')) as {
      settings: { uploadSpeedLimit: number };
    };
    expect(saved.settings.uploadSpeedLimit).toBe(500_000);
    const again = new SettingsService(new JsonFileStore(join(c.userData, 'settings.json')));
    expect(again.get().uploadSpeedLimit).toBe(500_000);
  });

  it('caps a plain PUT upload too (servers without tus)', async () => {
    const api = new ApiClient({ baseUrl: server.url });
    await api.login(account);
    const share = await api.createShare('put');
    const created = await api.createFile(share.sharename, 'put.bin');
    const file = await randomFile(dir.path, `${++n}-put.bin`, 1_000_000);
    const limiter = new RateLimiter(500_000);
    const signal = new AbortController().signal;
    const started = performance.now();
    await putBlob({
      url: created.upload!.puturl,
      path: file.path,
      size: 1_000_000,
      signal,
      throttle: () => limiter.throttle(signal),
    });
    const measured = 1_000_000 / ((performance.now() - started) / 1000);
    expect(measured).toBeGreaterThan(500_000 * 0.7);
    expect(measured).toBeLessThan(500_000 * 1.2);
    expect(sha256(await download(server.url, share.sharename, created.fileid))).toBe(file.sha256);
  });

  it('lets the others go on at once when a waiting upload is paused or cancelled', async () => {
    const limiter = new RateLimiter(10_000);
    const paused = new AbortController();
    const first = limiter.take(2_000, paused.signal); // ~200 ms at 10 kB/s
    const started = performance.now();
    const second = limiter.take(100);
    paused.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await second;
    expect(performance.now() - started).toBeLessThan(100);
    // And switching the cap off releases whatever waits.
    const third = limiter.take(5_000);
    limiter.setRate(0);
    await third;
  });

  it('refuses caps that are not 0 or 10 kB/s to 10 GB/s, at the IPC boundary', async () => {
    const c = await core(0);
    const isTrusted = trustedSender('file:///opt/gett/dist/renderer/index.html');
    const frame = { url: 'file:///opt/gett/dist/renderer/index.html', isTopFrame: true };
    for (const bad of [-1, 5_000, 1.5, 20_000_000_000, '1000000', null]) {
      const answer = await dispatch(c.core.handlers, isTrusted, 'settings:set', frame, {
        uploadSpeedLimit: bad,
      });
      expect(answer, `uploadSpeedLimit ${String(bad)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
    }
    await expect(c.core.handlers['settings:get'](undefined)).resolves.toMatchObject({
      uploadSpeedLimit: 0,
    });
    const ok = await dispatch(c.core.handlers, isTrusted, 'settings:set', frame, {
      uploadSpeedLimit: 10_000,
    });
    expect(ok).toMatchObject({ ok: true, value: { uploadSpeedLimit: 10_000 } });
  });
});
