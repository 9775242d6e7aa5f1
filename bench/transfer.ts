/**
 * Upload and download of one large file: ours (PUT to puturl; GET blob → signed URL) beside the
 * baseline (PUT piped to a file; GET streamed from it), rounds interleaved.
 */
import { UPLOAD_OK_BODY } from '../shared/gett';
import { startBaseline } from './lib/baseline';
import type { Bench, Context } from './lib/context';
import { gatedStream } from './lib/data';
import { download, put } from './lib/http';
import { startOurs } from './lib/ours';
import { figure, type Figure } from './lib/report';
import { median, mibPerSec } from './lib/stats';

export const transfer: Bench = { name: 'transfer', run };

async function run(ctx: Context): Promise<Figure[]> {
  const { size, rounds } = ctx.options;
  const ours = await startOurs(ctx, 'transfer');
  const base = await startBaseline(ctx, 'transfer').catch(async (e: unknown) => {
    await ours.server.stop();
    throw e;
  });
  try {
    const up = { ours: [] as number[], baseline: [] as number[] };
    let ourFile = { sharename: '', fileid: '' };
    const baseUrl = `${base.url}/files/big`;
    for (let r = 0; r < rounds; r++) {
      ctx.log(`upload round ${r + 1}/${rounds}`);
      up.baseline.push(await timedPut(baseUrl, size));
      if (ourFile.sharename) await ours.client.destroyShare(ourFile.sharename);
      const f = await ours.client.newUpload('big.bin');
      up.ours.push(await timedPut(f.puturl, size));
      ourFile = f;
      const state = await ours.client.file(f.sharename, f.fileid);
      if (state.readystate !== 'uploaded' || state.size !== size) {
        throw new Error(
          `after the upload the file is ${state.readystate} with size ${String(state.size)}`,
        );
      }
    }
    const ourBlob = ours.client.blobUrl(ourFile.sharename, ourFile.fileid);
    const down = { ours: [] as number[], baseline: [] as number[] };
    const ranged = { ours: [] as number[], baseline: [] as number[] };
    const half = Math.floor(size / 2);
    const range = { range: `bytes=${half}-` };
    for (let r = 0; r < rounds; r++) {
      ctx.log(`download round ${r + 1}/${rounds}`);
      down.baseline.push(await timedGet(baseUrl, size));
      down.ours.push(await timedGet(ourBlob, size));
      ranged.baseline.push(await timedGet(baseUrl, size - half, range));
      ranged.ours.push(await timedGet(ourBlob, size - half, range));
    }
    const mib = `${Math.round(size / 2 ** 20)} MiB`;
    const throughput = (id: string, label: string, s: typeof up, target?: string) => {
      const f = figure({
        id,
        label,
        unit: 'MiB/s',
        ours: median(s.ours),
        baseline: median(s.baseline),
        samples: s,
        ...(target ? { target } : {}),
      });
      return target ? { ...f, met: f.ratio !== null && f.ratio >= 0.9 } : f;
    };
    return [
      throughput('upload.throughput', `upload ${mib}`, up, '≥ 0.9×'),
      throughput('download.throughput', `download ${mib}`, down, '≥ 0.9×'),
      throughput('download.range', `download ${mib}, Range 2nd half`, ranged),
    ];
  } finally {
    await Promise.all([ours.server.stop(), base.stop()]);
  }
}

// Status and size are checked, so a short or failed transfer never counts as fast.
async function timedPut(url: string, bytes: number): Promise<number> {
  const { stream } = gatedStream(bytes, bytes);
  const r = await put(url, stream, bytes);
  if (r.status !== 200 || r.body.trim() !== UPLOAD_OK_BODY) {
    throw new Error(`PUT ${url} answered ${r.status}: ${r.body.slice(0, 200)}`);
  }
  return mibPerSec(bytes, r.ms);
}

async function timedGet(url: string, expected: number, headers?: Record<string, string>) {
  const r = await download(url, headers ? { headers } : {});
  if (r.status >= 300 || r.bytes !== expected) {
    throw new Error(`GET ${url} answered ${r.status} with ${r.bytes} bytes, expected ${expected}`);
  }
  return mibPerSec(expected, r.ms);
}
