import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import {
  download,
  fileState,
  randomFile,
  remoteCore,
  sha256,
  type CoreUnderTest,
} from '../testing/coreFixture';
import { createAccount, serve, tempDir, type TestAccount } from '../testing/harness';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
let account: TestAccount;
const cores: CoreUnderTest[] = [];

beforeAll(async () => {
  dir = await tempDir('drop');
  server = await serve(join(dir.path, 'server'));
  account = await createAccount(join(dir.path, 'server'));
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.core.close()));
  await server.close();
  await dir.remove();
});

async function core(name: string, clipboardProbe?: (text: string) => Promise<void>) {
  const userData = join(dir.path, name);
  await mkdir(userData, { recursive: true });
  const c = await remoteCore(userData, server.url, account, {
    ...(clipboardProbe
      ? {
          shell: {
            clipboard: {
              writeText: clipboardProbe,
              readText: () => '',
              readFilePaths: () => [],
              readImagePng: () => null,
            },
          },
        }
      : {}),
  });
  cores.push(c);
  return c;
}

describe('dropping files', () => {
  it('gives every link, on the clipboard, before any upload byte is sent', async () => {
    // At the moment the links reach the clipboard, ask the server about every file.
    const statesAtCopy: string[] = [];
    let copied = '';
    const c = await core('links-first', async (text) => {
      copied = text;
      for (const link of text.split('\n').slice(1)) {
        const [, sharename, fileid] = /\/([^/]+)\/v\/([^/]+)$/.exec(link)!;
        statesAtCopy.push((await fileState(server.url, sharename!, fileid!)).readystate);
      }
    });
    const files = await Promise.all(
      ['a.bin', 'b.bin', 'c.bin'].map((n) => randomFile(dir.path, n, 300_000)),
    );
    const result = await c.core.handlers['shares:drop']({ paths: files.map((f) => f.path) });

    expect(result.links).toHaveLength(4);
    expect(result.links[0]).toMatch(new RegExp(`/${result.sharename}$`));
    expect(result.copied).toBe(result.links.join('\n'));
    expect(copied).toBe(result.copied);
    expect(statesAtCopy).toEqual(['remote', 'remote', 'remote']);

    // Then the uploads run by themselves and the bytes arrive intact.
    const share = await c.events.waitFor('shares:changed', (views) =>
      views.some(
        (s) =>
          s.sharename === result.sharename &&
          s.files.length === 3 &&
          s.files.every((f) => f.readystate === 'uploaded'),
      ),
    );
    const files3 = share.find((s) => s.sharename === result.sharename)!.files;
    for (const f of files3) {
      const original = files.find((x) => x.path.endsWith(f.filename))!;
      expect(sha256(await download(server.url, f.sharename, f.fileid))).toBe(original.sha256);
    }
  });

  it('copies just the file link for one file, and reports progress up to the total', async () => {
    const c = await core('progress');
    const big = await randomFile(dir.path, 'big.bin', 8 * 1024 * 1024);
    const result = await c.core.handlers['shares:drop']({ paths: [big.path] });
    expect(result.links).toHaveLength(1);
    expect(result.links[0]).toMatch(/\/v\/0$/);
    expect(c.shell.clipboardWrites).toEqual([result.links[0]]);

    const done = await c.events.waitFor('uploads:progress', (p) => p.bytes === p.total);
    expect(done.total).toBe(8 * 1024 * 1024);
    const progress = c.events.of('uploads:progress');
    const bytes = progress.map((p) => p.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(progress.every((p) => p.sharename === result.sharename && p.fileid === '0')).toBe(true);
    const toast = await c.events.waitFor(
      'toast:show',
      (t) => t.kind === 'success' && t.message.includes('big.bin'),
    );
    // The window groups finished uploads by this, not by the text.
    expect(toast.group).toEqual({ key: 'uploaded', name: 'big.bin' });
    // The OS notification waits a moment for the rest of the drop to finish.
    await expect
      .poll(() => c.shell.notifications, { timeout: 5000 })
      .toContainEqual({ title: 'Upload finished', body: 'big.bin' });
    expect((await fileState(server.url, result.sharename, '0')).readystate).toBe('uploaded');
  });

  it('adds to the selected share instead of creating one', async () => {
    const c = await core('selected');
    const a = await randomFile(dir.path, 'first.txt', 10);
    const b = await randomFile(dir.path, 'second.txt', 10);
    const first = await c.core.handlers['shares:drop']({ paths: [a.path] });
    const second = await c.core.handlers['shares:drop']({
      paths: [b.path],
      sharename: first.sharename,
    });
    expect(second.sharename).toBe(first.sharename);
    expect(second.links).toEqual([expect.stringMatching(new RegExp(`/${first.sharename}/v/1$`))]);
    const views = await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === first.sharename && s.files.length === 2),
    );
    expect(views.filter((s) => s.sharename === first.sharename)).toHaveLength(1);
  });

  it('uploads every file inside a dropped folder, titled after the folder', async () => {
    const c = await core('folder');
    const folder = join(dir.path, 'Holiday photos');
    await mkdir(join(folder, 'day 2'), { recursive: true });
    await randomFile(folder, 'one.jpg', 1000);
    await randomFile(join(folder, 'day 2'), 'two.jpg', 2000);
    const result = await c.core.handlers['shares:drop']({ paths: [folder] });
    expect(result.links).toHaveLength(3);
    const views = await c.events.waitFor('shares:changed', (v) =>
      v.some((s) => s.sharename === result.sharename && s.files.length === 2),
    );
    const share = views.find((s) => s.sharename === result.sharename)!;
    expect(share.title).toBe('Holiday photos');
    expect(share.files.map((f) => f.filename).sort()).toEqual(['one.jpg', 'two.jpg']);
  });

  it('refuses a missing path or an empty folder, saying what to do, and copies nothing', async () => {
    const c = await core('missing');
    await expect(
      c.core.handlers['shares:drop']({ paths: [join(dir.path, 'nope.txt')] }),
    ).rejects.toThrow(/The file could not be read from disk\. Check that it still exists/);
    const empty = join(dir.path, 'empty folder');
    await mkdir(empty);
    await expect(c.core.handlers['shares:drop']({ paths: [empty] })).rejects.toThrow(
      'Nothing to share: the dropped folder is empty.',
    );
    expect(c.shell.clipboardWrites).toEqual([]);
  });
});
