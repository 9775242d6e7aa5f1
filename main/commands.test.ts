import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server/index';
import type { ShareView } from '../shared/model';
import { ApiClient } from './api';
import { dispatch, trustedSender } from './ipc/handle';
import { fileState, randomFile, remoteCore, type CoreUnderTest } from './testing/coreFixture';
import { createAccount, serve, tempDir } from './testing/harness';
import { recordingShell } from './testing/recordingShell';

let dir: Awaited<ReturnType<typeof tempDir>>;
let server: RunningServer;
const cores: CoreUnderTest[] = [];

beforeAll(async () => {
  dir = await tempDir('commands');
  server = await serve(join(dir.path, 'server'));
});
afterAll(async () => {
  await Promise.all(cores.map((c) => c.core.close()));
  await server.close();
  await dir.remove();
});

async function core(name: string, storageLimit?: number) {
  const account = await createAccount(
    join(dir.path, 'server'),
    storageLimit ? { storageLimit } : {},
  );
  const c = await remoteCore(join(dir.path, name), server.url, account);
  cores.push(c);
  return c;
}

const appUrl = 'file:///opt/gett/dist/renderer/index.html';
const top = { url: appUrl, isTopFrame: true };

const fileIn = (views: ShareView[], sharename: string, fileid = '0') =>
  views.find((s) => s.sharename === sharename)?.files.find((f) => f.fileid === fileid);

describe('commands', () => {
  it('pause holds an upload, resume finishes it, cancel deletes the link', async () => {
    const c = await core('pause');
    const a = await randomFile(dir.path, 'pause-me.bin', 1024 * 1024);
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [a.path] });
    const ref = { sharename, fileid: '0' };
    await c.core.handlers['uploads:pause'](ref);
    await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, sharename)?.upload?.phase === 'paused',
    );
    expect((await fileState(server.url, sharename, '0')).readystate).toBe('remote');

    await c.core.handlers['uploads:resume'](ref);
    await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, sharename)?.readystate === 'uploaded',
    );
    expect(fileIn(await c.core.handlers['shares:list'](undefined), sharename)?.upload).toBe(
      undefined,
    );

    const b = await randomFile(dir.path, 'cancel-me.bin', 1024 * 1024);
    const second = await c.core.handlers['shares:drop']({ paths: [b.path] });
    await c.core.handlers['uploads:cancel']({ sharename: second.sharename, fileid: '0' });
    const res = await fetch(`${server.url}/1/files/${second.sharename}/0`);
    expect(res.status).toBe(404);
  });

  it('retry uploads a file that failed for lack of space once space is freed', async () => {
    const c = await core('retry', 150_000);
    const first = await randomFile(dir.path, 'first.bin', 100_000);
    const one = await c.core.handlers['shares:drop']({ paths: [first.path] });
    await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, one.sharename)?.readystate === 'uploaded',
    );

    const second = await randomFile(dir.path, 'second.bin', 100_000);
    const two = await c.core.handlers['shares:drop']({ paths: [second.path] });
    await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, two.sharename)?.upload?.error?.code === 'storageFull',
    );

    const full = c.events.seen.length;
    await c.core.handlers['shares:delete']({ sharename: one.sharename });
    // The account's storage use is read again, so the freed space shows.
    const freed = await c.events.waitFor('account:changed', () => true, full);
    expect(freed.storage?.used).toBe(0);
    await c.core.handlers['uploads:retry']({ sharename: two.sharename, fileid: '0' });
    await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, two.sharename)?.readystate === 'uploaded',
    );
    const list = await c.core.handlers['shares:list'](undefined);
    expect(list.map((s) => s.sharename)).not.toContain(one.sharename);
  });

  it('shares clipboard text as a file, and copies and opens links', async () => {
    const c = await core('clipboard');
    c.shell.clipboardContent.text = 'meeting notes';
    const result = await c.core.handlers['shares:shareClipboard'](undefined);
    expect(result?.links).toHaveLength(1);
    const views = await c.events.waitFor(
      'shares:changed',
      (v) => fileIn(v, result!.sharename)?.readystate === 'uploaded',
    );
    expect(fileIn(views, result!.sharename)?.filename).toMatch(/^Clipboard text .*\.txt$/);
    const res = await fetch(`${server.url}/1/files/${result!.sharename}/0/blob`);
    expect(await res.text()).toBe('meeting notes');

    c.shell.clipboardContent.text = '';
    expect(await c.core.handlers['shares:shareClipboard'](undefined)).toBeNull();

    await c.core.handlers['links:copy']({ text: 'http://example.test/abc' });
    expect(c.shell.clipboardWrites.at(-1)).toBe('http://example.test/abc');
    expect(c.core.recentLinks()[0]).toBe('http://example.test/abc');
    await c.core.handlers['links:open']({ url: 'https://example.test/page' });
    expect(c.shell.opened).toEqual(['https://example.test/page']);
  });

  it('copies a share and its files as Markdown, HTML and all links, made from its own list', async () => {
    const c = await core('copy-as');
    const a = await randomFile(dir.path, 'notes [draft]*.txt', 10);
    const b = await randomFile(dir.path, `<b>&'q'.txt`, 10);
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [a.path, b.path] });
    const share = await c.core.handlers['shares:rename']({ sharename, title: 'Q3 & <Q4>' });
    const [f0, f1] = share.files;
    const ask = (payload: unknown) =>
      dispatch(c.core.handlers, trustedSender(appUrl), 'links:copyAs', top, payload);

    expect(await ask({ sharename, format: 'markdown' })).toEqual({
      ok: true,
      value: `[Q3 \\& \\<Q4\\>](${share.getturl})`,
    });
    expect(await ask({ sharename, fileid: f0!.fileid, format: 'markdown' })).toEqual({
      ok: true,
      value: `[notes \\[draft\\]\\*.txt](${f0!.getturl})`,
    });
    expect(await ask({ sharename, fileid: f1!.fileid, format: 'html' })).toEqual({
      ok: true,
      value: `<a href="${f1!.getturl}">&lt;b&gt;&amp;&#39;q&#39;.txt</a>`,
    });
    expect(await ask({ sharename, format: 'plain' })).toEqual({ ok: true, value: share.getturl });
    const all = [
      `Q3 & <Q4>: ${share.getturl}`,
      `notes [draft]*.txt: ${f0!.getturl}`,
      `<b>&'q'.txt: ${f1!.getturl}`,
    ].join('\n');
    expect(await ask({ sharename, format: 'all' })).toEqual({ ok: true, value: all });
    expect(c.shell.clipboardWrites.slice(-5)).toEqual([
      `[Q3 \\& \\<Q4\\>](${share.getturl})`,
      `[notes \\[draft\\]\\*.txt](${f0!.getturl})`,
      `<a href="${f1!.getturl}">&lt;b&gt;&amp;&#39;q&#39;.txt</a>`,
      share.getturl,
      all,
    ]);
    // The tray's recent links get the links themselves, never the Markdown or HTML around them.
    expect(c.core.recentLinks().slice(0, 3)).toEqual([share.getturl, f0!.getturl, f1!.getturl]);

    const writes = c.shell.clipboardWrites.length;
    for (const [payload, code] of [
      [{ sharename, format: 'pdf' }, 'invalid-payload'],
      [{ sharename, fileid: f0!.fileid, format: 'all' }, 'invalid-payload'],
      [{ sharename, format: 'markdown', text: 'anything' }, 'invalid-payload'],
      [{ sharename: 'nosuchshare', format: 'plain' }, 'notFound'],
      [{ sharename, fileid: '99', format: 'html' }, 'notFound'],
    ] as const) {
      const answer = await ask(payload);
      expect(answer).toMatchObject({ ok: false, error: { code } });
    }
    expect(await ask({ sharename: 'nosuchshare', format: 'plain' })).toEqual({
      ok: false,
      error: {
        code: 'notFound',
        message: 'That share or file no longer exists. Refresh the list.',
      },
    });
    expect(c.shell.clipboardWrites).toHaveLength(writes);
  });

  it('renames a share, and shows no OS notification when they are switched off', async () => {
    const c = await core('rename');
    await c.core.handlers['settings:set']({ notifications: false });
    const f = await randomFile(dir.path, 'quiet.txt', 10);
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [f.path] });
    await c.events.waitFor('toast:show', (t) => t.kind === 'success');
    expect(c.shell.notifications).toEqual([]);
    const renamed = await c.core.handlers['shares:rename']({ sharename, title: 'Quiet' });
    expect(renamed.title).toBe('Quiet');
    const cleared = await c.core.handlers['shares:rename']({ sharename, title: null });
    expect(cleared.title).toBeNull();
  });
});

describe('remote sign-in', () => {
  it('a wrong password is refused with a clear message and keeps the current session', async () => {
    const c = await core('wrong-password');
    const before = await c.core.handlers['account:get'](undefined);
    const account = await createAccount(join(dir.path, 'server'));
    await expect(
      c.core.handlers['account:signInRemote']({
        url: server.url,
        ...account,
        password: 'not the password',
      }),
    ).rejects.toThrow('Wrong email, password or API key. Check them and try again.');
    expect(await c.core.handlers['account:get'](undefined)).toEqual(before);
    const f = await randomFile(dir.path, 'still-works.txt', 10);
    await expect(c.core.handlers['shares:drop']({ paths: [f.path] })).resolves.toMatchObject({
      links: [expect.stringMatching(/\/v\/0$/)],
    });
  });
});

describe('without a keychain', () => {
  it('a remote sign-in works and the account says it will not be remembered', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const c = await remoteCore(join(dir.path, 'no-keychain'), server.url, account, {
      shell: { secureStorage: recordingShell({ encryption: false }).secureStorage },
    });
    cores.push(c);
    const view = await c.core.handlers['account:get'](undefined);
    expect(view).toMatchObject({ signedIn: true, error: { code: 'secureStorageUnavailable' } });
  });
});

describe('a queued file whose share is deleted elsewhere', () => {
  it('leaves the queue with a message instead of failing forever', async () => {
    const account = await createAccount(join(dir.path, 'server'));
    const c = await remoteCore(join(dir.path, 'deleted-elsewhere'), server.url, account);
    cores.push(c);
    const a = await randomFile(dir.path, 'orphan.bin', 1000);
    const { sharename } = await c.core.handlers['shares:drop']({ paths: [a.path] });
    await c.core.handlers['uploads:pause']({ sharename, fileid: '0' });
    // Another client of the same account deletes the share while the upload waits.
    const elsewhere = new ApiClient({ baseUrl: server.url });
    await elsewhere.login(account);
    await elsewhere.destroyShare(sharename);

    const from = c.events.seen.length;
    await c.core.handlers['uploads:resume']({ sharename, fileid: '0' });
    const toast = await c.events.waitFor('toast:show', (t) => t.kind === 'error', from);
    expect(toast.message).toBe('orphan.bin: That share or file no longer exists.');
    const views = await c.core.handlers['shares:list'](undefined);
    expect(fileIn(views, sharename)?.upload).toBeUndefined();
  });
});
