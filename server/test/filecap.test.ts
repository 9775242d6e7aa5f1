/**
 * Files per share are capped (409 `shareFull`, over real HTTP), and the recipient page and its
 * progress poll show one page of a big share at a time instead of every file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recipientPages } from '../pages/index.js';
import { DEFAULT_MAX_FILES_PER_SHARE } from '../routes/files.js';
import { asShare, errorOf, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function shareWith(harness: Harness, at: string, count: number): Promise<string> {
  const share = asShare(await harness.call('POST', `/1/shares/create?accesstoken=${at}`));
  for (let i = 0; i < count; i += 500) {
    const files = Array.from({ length: Math.min(500, count - i) }, (_, k) => ({
      filename: `f${i + k}.txt`,
    }));
    const res = await harness.call(
      'POST',
      `/1/files/${share.sharename}/createmany?accesstoken=${at}`,
      { body: { files } },
    );
    expect(res.status).toBe(200);
  }
  return share.sharename;
}

describe('files per share', () => {
  it('refuses files past the cap with 409 shareFull, on create and createmany, all or nothing', async () => {
    h = await startHarness({ maxFilesPerShare: 5 });
    const { accesstoken: at } = await h.login();
    const name = await shareWith(h, at, 3);

    const many = await h.call('POST', `/1/files/${name}/createmany?accesstoken=${at}`, {
      body: { files: [{ filename: 'a' }, { filename: 'b' }, { filename: 'c' }] },
    });
    expect(many.status).toBe(409);
    expect(many.json).toMatchObject({ code: 'shareFull' });
    expect(errorOf(many)).toContain('at most 5 files; this one has 3, room for 2 more');
    expect(asShare(await h.call('GET', `/1/shares/${name}`)).files).toHaveLength(3);

    for (const filename of ['d', 'e']) {
      const ok = await h.call('POST', `/1/files/${name}/create?accesstoken=${at}`, {
        body: { filename },
      });
      expect(ok.status).toBe(200);
    }
    const full = await h.call('POST', `/1/files/${name}/create?accesstoken=${at}`, {
      body: { filename: 'f' },
    });
    expect(full.status).toBe(409);
    expect(errorOf(full)).toBe(
      'this share is full: put the other files in a new share (a share holds at most 5 files; this one has 5)',
    );

    // A deleted file makes room again; other shares have their own room.
    const gone = await h.call('POST', `/1/files/${name}/0/destroy?accesstoken=${at}`);
    expect(gone.status).toBe(200);
    const again = await h.call('POST', `/1/files/${name}/create?accesstoken=${at}`, {
      body: { filename: 'f' },
    });
    expect(again.status).toBe(200);
    await shareWith(h, at, 5);
  });

  it('takes the app’s largest drop by default, and 0 lifts the cap', async () => {
    expect(DEFAULT_MAX_FILES_PER_SHARE).toBe(10_000);
    h = await startHarness({ maxFilesPerShare: 0 });
    const { accesstoken: at } = await h.login();
    const name = await shareWith(h, at, 600);
    expect(asShare(await h.call('GET', `/1/shares/${name}`)).files).toHaveLength(600);
  });
});

describe('share page of a big share', () => {
  it('shows 100 files a page with Previous/Next, totals of the whole share, and polls one page', async () => {
    h = await startHarness({ extensions: [recipientPages()] });
    const { accesstoken: at } = await h.login();
    const name = await shareWith(h, at, 250);

    const first = await h.call('GET', `/${name}`);
    expect(first.status).toBe(200);
    expect(first.text.match(/<li class="file"/g)).toHaveLength(100);
    expect(first.text).toContain('250 files');
    expect(first.text).toContain('data-fileid="0"');
    expect(first.text).not.toContain('data-fileid="100"');
    expect(first.text).toContain('Files 1–100 of 250 · page 1 of 3');
    expect(first.text).toContain(`rel="next" href="/${name}?page=2"`);
    expect(first.text).not.toContain('rel="prev"');
    expect(first.text).toContain(`data-progress="/${name}/progress?page=1"`);

    const last = await h.call('GET', `/${name}?page=3`);
    expect(last.text.match(/<li class="file"/g)).toHaveLength(50);
    expect(last.text).toContain('data-fileid="200"');
    expect(last.text).toContain('data-fileid="249"');
    expect(last.text).toContain('Files 201–250 of 250 · page 3 of 3');
    expect(last.text).toContain(`rel="prev" href="/${name}?page=2"`);
    expect(last.text).not.toContain('rel="next"');
    // Past the end (or nonsense) shows a real page, not an empty one.
    expect((await h.call('GET', `/${name}?page=99`)).text).toContain('page 3 of 3');
    expect((await h.call('GET', `/${name}?page=x`)).text).toContain('page 1 of 3');

    const poll = async (q: string) =>
      ((await h!.call('GET', `/${name}/progress${q}`)).json as { files: { fileid: string }[] })
        .files;
    expect((await poll('?page=2')).map((f) => f.fileid)).toEqual(
      Array.from({ length: 100 }, (_, i) => String(100 + i)),
    );
    expect(await poll('')).toHaveLength(100);
    expect((await poll('?file=7')).map((f) => f.fileid)).toEqual(['7']);

    // A file page polls for its own file only.
    const filePage = await h.call('GET', `/${name}/v/7`);
    expect(filePage.text).toContain(`data-progress="/${name}/progress?file=7"`);
  });
});
