/**
 * Download all: the zip of a 5 GiB share (a 4.5 GiB file and a 512 MiB one, so both an entry
 * and the offsets pass 4 GiB; quick: 256 MiB) streamed by one downloader. Server RSS growth
 * while it streams, and its throughput, beside the baseline streaming one file of the same
 * bytes.
 */
import { Readable } from 'node:stream';
import type { Bench, Context } from './lib/context';
import { randomChunks } from './lib/data';
import { download, put } from './lib/http';
import { withBoth } from './lib/pair';
import { sampleRss } from './lib/procs';
import { figure, type Figure } from './lib/report';
import { MiB, mibPerSec } from './lib/stats';

export const zip: Bench = { name: 'zip', run };

/** The end of central directory record's signature, the last record of every zip. */
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

async function upload(puturl: string, size: number): Promise<void> {
  const r = await put(puturl, Readable.from(randomChunks(size)), size);
  if (r.status !== 200) throw new Error(`the upload answered ${r.status}: ${r.body}`);
}

/** Downloads `url` while sampling `pid`'s RSS; returns bytes, time, growth and the last bytes. */
async function measure(url: string, pid: number) {
  const sampler = sampleRss(pid);
  let prev: Buffer = Buffer.alloc(0);
  let last: Buffer = Buffer.alloc(0);
  const r = await download(url, {
    onResponse: (res) =>
      res.on('data', (c: Buffer) => {
        prev = last;
        last = c;
      }),
  });
  const tail = Buffer.concat([prev, last]);
  const rss = sampler.stop();
  if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
  return { ...r, growth: (rss.peak - rss.before) / MiB, tail, rss };
}

async function run(ctx: Context): Promise<Figure[]> {
  const sizes = ctx.options.quick ? [192 * MiB, 64 * MiB] : [4608 * MiB, 512 * MiB];
  const total = sizes.reduce((a, b) => a + b, 0);
  const label = `${total / MiB >= 1024 ? `${total / 1024 / MiB} GiB` : `${total / MiB} MiB`}`;
  return withBoth(ctx, 'zip', async (ours, base) => {
    ctx.log(`zip: baseline, one file of ${label}`);
    const slot = await base.target.slot('zip.bin');
    await upload(slot.puturl, total);
    const b = await measure(slot.tailUrl, base.pid);
    await slot.remove();

    ctx.log(`zip: ours, a share of ${sizes.map((s) => `${s / MiB} MiB`).join(' + ')}`);
    const share = await ours.client.createShare();
    for (const [i, size] of sizes.entries()) {
      const file = await ours.client.createFile(share.sharename, `part-${i}.bin`);
      await upload(file.upload!.puturl, size);
    }
    ctx.log(`zip: ours, streaming the zip of ${label}`);
    const o = await measure(`${ours.client.url}/1/shares/${share.sharename}/zip`, ours.server.pid);
    await ours.client.destroyShare(share.sharename);
    // Every byte of every file came, plus headers; the zip ended with its end record.
    if (o.bytes < total) throw new Error(`the zip had ${o.bytes} bytes, fewer than its files`);
    if (o.tail.lastIndexOf(EOCD) < 0) throw new Error('the zip ended without its end record');

    const tput = mibPerSec(o.bytes, o.ms);
    const baseTput = mibPerSec(b.bytes, b.ms);
    return [
      figure({
        id: 'zip.server.growth',
        label: `zip of a ${label} share: server RSS growth`,
        unit: 'MiB',
        ours: o.growth,
        baseline: b.growth,
        target: '< 64 MiB',
        met: o.growth < 64,
        note: `ours ${(o.rss.before / MiB).toFixed(0)} → ${(o.rss.peak / MiB).toFixed(0)} MiB, baseline ${(b.rss.before / MiB).toFixed(0)} → ${(b.rss.peak / MiB).toFixed(0)} MiB`,
      }),
      figure({
        id: 'zip.throughput',
        label: `zip of a ${label} share: throughput`,
        unit: 'MiB/s',
        ours: tput,
        baseline: baseTput,
      }),
    ];
  });
}
