/**
 * The app's main-process services (createCore, plain-Node shell, embedded server forked as in
 * tests) in a process of their own, driven by the bench over IPC. Modes:
 *  - drops <dataDir> <filesDir> <drops> <filesPerDrop> <baselineUrl> <idle|busy>: drop → link
 *    latencies, each beside bare round trips to the baseline server from this same process,
 *    with each drop made once the previous drop's uploads are done (idle) or at once (busy);
 *  - upload <dataDir> <file>: RSS of this process while the core uploads one big file;
 *  - plain <file> <putUrl>: RSS of a bare fs → http PUT of the same file (the baseline).
 */
import { createReadStream, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCore } from '../../main/core';
import { forkWithNode } from '../../main/server';
import { MemoryStore } from '../../main/settings/store';
import { recordingShell } from '../../main/testing/recordingShell';
import type { EventContract } from '../../shared/ipc';
import { put } from '../lib/http';

const send = (m: object) => process.send?.(m);
const [mode, ...args] = process.argv.slice(2);

async function startCore(dataDir: string) {
  const shell = recordingShell();
  let copiedAt = 0;
  const core = await createCore({
    ...shell,
    clipboard: {
      ...shell.clipboard,
      writeText: (text) => {
        copiedAt = performance.now();
        return shell.clipboard.writeText(text);
      },
    },
    userDataDir: dataDir,
    settingsStore: new MemoryStore(),
    embeddedHost: forkWithNode,
    embeddedEntry: join(__dirname, '../server/embedded.cjs'),
    lanAddress: () => '127.0.0.1',
  });
  await core.ready;
  const account = await core.handlers['account:get'](undefined);
  if (!account.signedIn || !account.serverUrl) {
    throw new Error(
      `the core did not sign in to its embedded server: ${JSON.stringify(account.error)}`,
    );
  }
  return { core, serverUrl: account.serverUrl, copiedAt: () => copiedAt };
}

/**
 * `wait()` resolves once no file of the last `shares:changed` is queued or uploading;
 * `dropped()` says a drop just queued uploads.
 */
function queueSettles(core: Awaited<ReturnType<typeof startCore>>['core']) {
  let busy = false;
  const wakers = new Set<() => void>();
  core.onEvent((channel, payload) => {
    if (channel !== 'shares:changed') return;
    busy = (payload as EventContract['shares:changed']).some((share) =>
      share.files.some((f) => f.upload?.phase === 'queued' || f.upload?.phase === 'uploading'),
    );
    if (!busy) for (const wake of wakers) wake();
  });
  const dropped = () => (busy = true);
  const wait = async () => {
    const until = performance.now() + 60_000;
    while (busy) {
      if (performance.now() > until) throw new Error('the uploads of a drop did not finish');
      await new Promise<void>((resolve) => {
        wakers.add(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return { wait, dropped };
}

async function drops([dataDir, filesDir, dropsText, perDropText, baselineUrl, when]: string[]) {
  const { core, copiedAt } = await startCore(dataDir!);
  // 'idle': each drop starts once the previous one's uploads are done (not timed);
  // 'busy': drops follow each other while those uploads run.
  const settled = when === 'idle' ? queueSettles(core) : null;
  const perDrop = Number(perDropText);
  await mkdir(filesDir!, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < perDrop; i++) {
    const p = join(filesDir!, `file-${i}.txt`);
    await writeFile(p, `bench file ${i}\n`.repeat(64));
    paths.push(p);
  }
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < Number(dropsText); i++) {
    let t = performance.now();
    await bareRoundTrips(baselineUrl!, perDrop);
    baseline.push(performance.now() - t);
    await settled?.wait();
    t = performance.now();
    const result = await core.handlers['shares:drop']({ paths });
    settled?.dropped();
    const lines = result.copied.split('\n').length;
    if (lines !== (perDrop === 1 ? 1 : perDrop + 1))
      throw new Error(`the clipboard held ${lines} links`);
    if (copiedAt() < t) throw new Error('the drop returned without writing the clipboard');
    ours.push(copiedAt() - t);
  }
  await core.close();
  send({ type: 'drops', ours, baseline });
}

/**
 * The floor under a drop: one bare round trip for the share, then one per file with 16 in
 * flight, as the upload queue creates them.
 */
async function bareRoundTrips(url: string, files: number) {
  const echo = async () => {
    const res = await fetch(`${url}/echo`, { method: 'POST', body: '{"filename":"a"}' });
    await res.text();
  };
  await echo();
  let left = files;
  const worker = async () => {
    while (left-- > 0) await echo();
  };
  await Promise.all(Array.from({ length: Math.min(16, files) }, worker));
}

/** Samples this process's RSS every 50 ms while `work` runs. */
async function withRss(work: () => Promise<void>) {
  global.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  await work();
  clearInterval(timer);
  return { before, peak: Math.max(peak, process.memoryUsage.rss()) };
}

async function upload([dataDir, file]: string[]) {
  const { core, serverUrl } = await startCore(dataDir!);
  const size = statSync(file!).size;
  let failure: string | null = null;
  let movedAt = performance.now();
  core.onEvent((channel, payload) => {
    if (channel === 'uploads:progress') movedAt = performance.now();
    if (channel !== 'shares:changed') return;
    for (const share of payload as EventContract['shares:changed']) {
      for (const f of share.files) {
        if (f.upload?.phase === 'failed') failure = f.upload.error?.message ?? 'no reason given';
      }
    }
  });
  const rss = await withRss(async () => {
    const result = await core.handlers['shares:drop']({ paths: [file!] });
    const fileUrl = `${serverUrl}/1/files/${result.sharename}/0`;
    for (;;) {
      const f = (await (await fetch(fileUrl)).json()) as { readystate: string; size?: number };
      if (f.readystate === 'uploaded' && f.size === size) break;
      if (failure) throw new Error(`the app's upload failed: ${failure}`);
      if (performance.now() - movedAt > 60_000) {
        throw new Error(`the app's upload made no progress for a minute (file is ${f.readystate})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  await core.close();
  send({ type: 'rss', ...rss });
}

async function plain([file, url]: string[]) {
  const size = statSync(file!).size;
  const rss = await withRss(async () => {
    const r = await put(url!, createReadStream(file!), size);
    if (r.status !== 200) throw new Error(`plain upload answered ${r.status}`);
  });
  send({ type: 'rss', ...rss });
}

const modes: Record<string, (a: string[]) => Promise<void>> = { drops, upload, plain };
const run = modes[mode ?? ''];
if (!run) throw new Error(`unknown mode ${String(mode)}; one of ${Object.keys(modes).join(', ')}`);
run(args).then(
  () => process.exit(0),
  (err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  },
);
