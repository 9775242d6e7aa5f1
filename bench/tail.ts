/**
 * Download while uploading: how long a tailing downloader waits for each chunk after the
 * uploader sent it, and how much 10 and 100 tailing downloaders slow the upload itself.
 */
import { request } from 'node:http';
import type { Bench, Context } from './lib/context';
import { startCrowd } from './lib/crowd';
import { gatedStream, randomChunks } from './lib/data';
import { download, put, readText } from './lib/http';
import { withBoth } from './lib/pair';
import { figure, type Figure } from './lib/report';
import { median, MiB, mibPerSec, percentile } from './lib/stats';
import { tailable, type Target } from './lib/targets';

export const tail: Bench = { name: 'tail', run };

const CHUNK = 64 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(ctx: Context): Promise<Figure[]> {
  const { quick, rounds } = ctx.options;
  const chunks = quick ? 100 : 400;
  const total = quick ? 16 * MiB : 32 * MiB;
  const crowds = [0, 10, 100];
  return withBoth(ctx, 'tail', async (ours, base) => {
    const targets = [base.target, ours.target] as const;
    const lat = { ours: [] as number[], baseline: [] as number[] };
    const tput = new Map<string, number[]>();
    for (let r = 0; r < rounds; r++) {
      ctx.log(`tail round ${r + 1}/${rounds}`);
      for (const t of targets) lat[t.name].push(...(await chunkLatency(t, chunks)));
      for (const n of crowds) {
        for (const t of targets) {
          const key = `${t.name}:${n}`;
          tput.set(key, [...(tput.get(key) ?? []), await uploadWithTailers(ctx, t, total, n)]);
        }
      }
    }
    const m = (name: string, n: number) => median(tput.get(`${name}:${n}`)!);
    const figures: Figure[] = [
      figure({
        id: 'tail.latency.p50',
        label: 'tail: chunk latency p50',
        unit: 'ms',
        ours: percentile(lat.ours, 50),
        baseline: percentile(lat.baseline, 50),
        target: '≤ 20 ms',
        met: percentile(lat.ours, 50) <= 20,
      }),
      figure({
        id: 'tail.latency.p99',
        label: 'tail: chunk latency p99',
        unit: 'ms',
        ours: percentile(lat.ours, 99),
        baseline: percentile(lat.baseline, 99),
      }),
      figure({
        id: 'tail.upload.solo',
        label: `tail: solo upload ${total / MiB} MiB`,
        unit: 'MiB/s',
        ours: m('ours', 0),
        baseline: m('baseline', 0),
        samples: { ours: tput.get('ours:0')!, baseline: tput.get('baseline:0')! },
      }),
    ];
    for (const n of crowds.slice(1)) {
      const ours = m('ours', n) / m('ours', 0);
      figures.push(
        figure({
          id: `tail.upload.with${n}`,
          label: `tail: upload with ${n} downloaders`,
          unit: '× solo',
          ours,
          baseline: m('baseline', n) / m('baseline', 0),
          samples: { ours: tput.get(`ours:${n}`)!, baseline: tput.get(`baseline:${n}`)! },
          // No target: with an unlimited uploader the server sends n× the bytes on the same
          // cores. The fan-out benchmark holds the targets that describe this case.
        }),
      );
    }
    return figures;
  });
}

/**
 * Sends `chunks` chunks 5 ms apart to an upload one downloader is tailing; returns, per chunk,
 * the milliseconds from the uploader's write to the downloader holding the chunk's last byte.
 */
async function chunkLatency(target: Target, chunks: number): Promise<number[]> {
  const total = CHUNK + chunks * CHUNK;
  const slot = await target.slot('tail.bin');
  const req = request(slot.puturl, { method: 'PUT', headers: { 'content-length': total } });
  const answered = new Promise<number>((resolve, reject) => {
    req.on(
      'response',
      (res) => void readText(res).then(() => resolve(res.statusCode ?? 0), reject),
    );
    req.on('error', reject);
  });
  const data = randomChunks(total, CHUNK);
  req.write(data.next().value);
  await tailable(
    slot,
    answered.then((status) => ({ status, body: '' })),
  );
  const sentAt: number[] = [];
  const latencies: number[] = [];
  let headArrived!: () => void;
  const attached = new Promise<void>((resolve) => (headArrived = resolve));
  const got = download(slot.tailUrl, {
    onData: (bytes, now) => {
      if (bytes >= CHUNK) headArrived();
      while (latencies.length < sentAt.length && bytes >= CHUNK * (latencies.length + 2)) {
        latencies.push(now - sentAt[latencies.length]!);
      }
    },
  });
  await attached;
  for (const chunk of data) {
    sentAt.push(performance.now());
    req.write(chunk);
    await sleep(5);
  }
  req.end();
  const [status, result] = await Promise.all([answered, got]);
  if (status !== 200 || result.bytes !== total || latencies.length !== chunks) {
    throw new Error(
      `${target.name}: tail upload answered ${status}; downloader got ${result.bytes} of ${total} bytes`,
    );
  }
  await slot.remove();
  return latencies;
}

/** Upload throughput (MiB/s) of the part sent after `n` downloaders started tailing. */
async function uploadWithTailers(ctx: Context, target: Target, total: number, n: number) {
  const head = MiB;
  const slot = await target.slot(`crowd-${n}.bin`);
  const { stream, release } = gatedStream(total, head);
  const putting = put(slot.puturl, stream, total);
  await tailable(slot, putting);
  const crowd = n > 0 ? startCrowd(ctx.dist, slot.tailUrl, n, total, head) : null;
  await crowd?.attached;
  const started = performance.now();
  release();
  const r = await putting;
  const ms = performance.now() - started;
  if (r.status !== 200)
    throw new Error(`${target.name}: upload with ${n} downloaders answered ${r.status}: ${r.body}`);
  await crowd?.done;
  await slot.remove();
  return mibPerSec(total - head, ms);
}
