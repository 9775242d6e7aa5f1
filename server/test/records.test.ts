/**
 * download_records stays bounded, over real HTTP and the real SQLite file: the Range requests
 * of one download are one row (completed once they add up to the file), and old or surplus
 * rows are pruned.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { MAX_RECORDS, RECORD_DAYS } from '../storage/downloads.js';
import { serverExtensions } from '../extensions.js';
import { asFile, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const rowsOf = (harness: Harness, sharename: string) => {
  const db = new Database(path.join(harness.dataDir, 'gett.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT completed, status FROM download_records WHERE sharename = ? ORDER BY id')
      .all(sharename) as { completed: number | null; status: number }[];
  } finally {
    db.close();
  }
};

/** Rows are written once each response has closed: wait until `ok` holds. */
async function settle<T>(read: () => T, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  return read();
}

test('Range requests of one link from one address are one download row', async () => {
  h = await startHarness({ extensions: serverExtensions });
  const { accesstoken: at } = await h.login();
  const share = (await h.call('POST', `/1/shares/create?accesstoken=${at}`)).json as {
    sharename: string;
  };
  const file = asFile(
    await h.call('POST', `/1/files/${share.sharename}/create?accesstoken=${at}`, {
      body: { filename: 'data.bin' },
    }),
  );
  expect((await h.call('PUT', file.upload!.puturl, { body: Buffer.alloc(400, 7) })).status).toBe(
    200,
  );
  const link = (await h.call('GET', `/1/files/${share.sharename}/0/blob`)).headers.get('location')!;
  const range = async (spec: string) => {
    const res = await fetch(link, { headers: { range: spec } });
    await res.arrayBuffer();
    expect(res.status).toBe(206);
  };

  // Half the file, one byte at a time: one row, not complete.
  for (let i = 0; i < 200; i++) await range(`bytes=${i}-${i}`);
  let rows = await settle(
    () => rowsOf(h!, share.sharename),
    (r) => r.length > 0,
  );
  await new Promise((r) => setTimeout(r, 50));
  rows = rowsOf(h, share.sharename);
  expect(rows).toEqual([{ completed: null, status: 206 }]);

  // The rest (open-ended, then a suffix range) completes that same row.
  await range('bytes=200-299');
  await range('bytes=-100');
  rows = await settle(
    () => rowsOf(h!, share.sharename),
    (r) => r[0]?.completed != null,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]!.completed).not.toBeNull();

  // 500 more one-byte ranges still add nothing.
  for (let i = 0; i < 500; i++) await range(`bytes=${i % 400}-${i % 400}`);
  await new Promise((r) => setTimeout(r, 50));
  expect(rowsOf(h, share.sharename)).toHaveLength(1);

  // A request without Range is a new download.
  await (await fetch(link)).arrayBuffer();
  rows = await settle(
    () => rowsOf(h!, share.sharename),
    (r) => r.length === 2,
  );
  expect(rows[1]).toMatchObject({ status: 200 });
  expect(rows[1]!.completed).not.toBeNull();
});

test('rows older than 90 days and all but the newest 100,000 are pruned', async () => {
  h = await startHarness({ extensions: serverExtensions });
  await h.server.close();
  const db = new Database(path.join(h.dataDir, 'gett.sqlite'));
  const insert = db.prepare(
    'INSERT INTO download_records (sharename, fileid, started, completed, status) VALUES (?, ?, ?, ?, ?)',
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < 300; i++)
      insert.run('old', '0', now - (RECORD_DAYS + 1) * 86_400_000, null, 200);
    for (let i = 0; i < MAX_RECORDS + 500; i++) insert.run('new', String(i), now, now, 200);
  })();
  db.close();

  h = await startHarness({ dataDir: h.dataDir, extensions: serverExtensions });
  const check = new Database(path.join(h.dataDir, 'gett.sqlite'), { readonly: true });
  const count = (where: string) =>
    (
      check.prepare(`SELECT COUNT(*) AS n FROM download_records WHERE ${where}`).get() as {
        n: number;
      }
    ).n;
  expect(count("sharename = 'old'")).toBe(0);
  expect(count('1 = 1')).toBe(MAX_RECORDS);
  // The newest are the ones kept.
  expect(count(`sharename = 'new' AND fileid = '${MAX_RECORDS + 499}'`)).toBe(1);
  expect(count(`sharename = 'new' AND fileid = '499'`)).toBe(0);
  check.close();
});
