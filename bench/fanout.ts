/**
 * Fan-out: one upload, a crowd tailing it.
 * - Uplink-limited: the uploader sends at a fixed rate (25 MiB/s, a 200 Mbit/s uplink) and the
 *   crowd tails it. The server should keep up with the uplink (upload ≥ 0.95× its rate), every
 *   downloader should keep up with the upload (≥ 0.95×), and a chunk should reach every
 *   downloader within 50 ms (p99). Then the rate doubles until a target breaks, for ours and
 *   the baseline, to show where each stops keeping up.
 * - Unlimited: the uploader sends as fast as it can; bytes delivered per second to the whole
 *   crowd, ours ÷ the baseline's.
 */
import { request } from 'node:http';
import type { Bench, Context } from './lib/context';
import { startCrowd } from './lib/crowd';
import { gatedStream, randomChunks } from './lib/data';
import { put, readText } from './lib/http';
import { withBoth } from './lib/pair';
import { figure, type Figure } from './lib/report';
import { median, MiB, percentile, sharedNow } from './lib/stats';
import { tailable, type Target } from './lib/targets';

export const fanout: Bench = { name: 'fanout', run };

const CHUNK = 64 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one uplink-limited trial saw. */
interface Trial {
  rate: number;
  /** MiB/s the server took the upload at. */
  upload: number;
  /** The slowest downloader's MiB/s. */
  slowest: number;
  p50: number;
  p99: number;
}

const keptUp = (t: Trial) =>
  t.upload >= 0.95 * t.rate && t.slowest >= 0.95 * t.upload && t.p99 <= 50;

function why(t: Trial): string {
  if (t.upload < 0.95 * t.rate) return `upload ${t.upload.toFixed(1)} MiB/s`;
  if (t.slowest < 0.95 * t.upload) return `slowest downloader ${t.slowest.toFixed(1)} MiB/s`;
  return `chunk latency p99 ${t.p99.toFixed(0)} ms`;
}

async function run(ctx: Context): Promise<Figure[]> {
  const { quick, rounds } = ctx.options;
  const crowd = quick ? 20 : 100;
  const seconds = quick ? 1.5 : 4;
  // The ladder starts low: with 100 downloaders a 2-core machine breaks well below 25 MiB/s.
  const rates = quick ? [4, 25] : [2, 4, 8, 16, 25, 50, 100, 200];
  const unlimitedSize = quick ? 16 * MiB : 64 * MiB;
  return withBoth(ctx, 'fanout', async (ours, base) => {
    const targets = [base.target, ours.target] as const;
    const at25 = { ours: [] as Trial[], baseline: [] as Trial[] };
    const delivered = { ours: [] as number[], baseline: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      ctx.log(`fanout round ${r + 1}/${rounds}`);
      for (const t of targets) at25[t.name].push(await paced(ctx, t, 25, seconds, crowd));
      for (const t of targets)
        delivered[t.name].push(await unlimited(ctx, t, unlimitedSize, crowd));
    }
    const highest = { ours: null as Trial | null, baseline: null as Trial | null };
    const broke = { ours: null as Trial | null, baseline: null as Trial | null };
    for (const t of targets) {
      for (const rate of rates) {
        ctx.log(`fanout: ${t.name} at ${rate} MiB/s`);
        const trial = await paced(ctx, t, rate, seconds, crowd);
        if (!keptUp(trial)) {
          broke[t.name] = trial;
          break;
        }
        highest[t.name] = trial;
      }
    }
    const med = (who: 'ours' | 'baseline', pick: (t: Trial) => number) =>
      median(at25[who].map(pick));
    const upload = med('ours', (t) => t.upload);
    const slowest = med('ours', (t) => t.slowest / t.upload);
    const p99 = med('ours', (t) => t.p99);
    const aggregate = median(delivered.ours);
    // What the paced target asks of the machine, beside what it delivers at full speed.
    const needed = 25 * crowd;
    const capacity = Math.max(aggregate, median(delivered.baseline));
    const capacityNote =
      needed > capacity
        ? `25 MiB/s to ${crowd} downloaders is ${needed} MiB/s delivered; this machine delivers ` +
          `at most ${capacity.toFixed(0)} MiB/s to them at full speed (unlimited fan-out, either server)`
        : undefined;
    const breakNote = (who: 'ours' | 'baseline') =>
      broke[who]
        ? `${who} broke at ${broke[who].rate} MiB/s (${why(broke[who])})`
        : `${who} kept up at every rate tried (up to ${rates.at(-1)} MiB/s)`;
    return [
      figure({
        id: 'fanout.paced.upload',
        label: `fan-out at 25 MiB/s, ${crowd} downloaders: upload`,
        unit: 'MiB/s',
        ours: upload,
        baseline: med('baseline', (t) => t.upload),
        target: '≥ 23.75 MiB/s (0.95×)',
        met: upload >= 0.95 * 25,
      }),
      figure({
        id: 'fanout.paced.slowest',
        label: `fan-out at 25 MiB/s: slowest downloader`,
        unit: '× upload',
        ours: slowest,
        baseline: med('baseline', (t) => t.slowest / t.upload),
        target: '≥ 0.95×',
        met: slowest >= 0.95,
        note: slowest >= 0.95 ? undefined : capacityNote,
      }),
      figure({
        id: 'fanout.paced.latency.p50',
        label: `fan-out at 25 MiB/s: chunk latency p50`,
        unit: 'ms',
        ours: med('ours', (t) => t.p50),
        baseline: med('baseline', (t) => t.p50),
      }),
      figure({
        id: 'fanout.paced.latency.p99',
        label: `fan-out at 25 MiB/s: chunk latency p99`,
        unit: 'ms',
        ours: p99,
        baseline: med('baseline', (t) => t.p99),
        target: '≤ 50 ms',
        met: p99 <= 50,
        note: p99 <= 50 ? undefined : capacityNote,
      }),
      figure({
        id: 'fanout.paced.highest',
        label: `fan-out: highest uplink rate kept up with`,
        unit: 'MiB/s',
        ours: highest.ours?.rate ?? 0,
        baseline: highest.baseline?.rate ?? 0,
        note: `${breakNote('ours')}; ${breakNote('baseline')}`,
      }),
      figure({
        id: 'fanout.unlimited.delivered',
        label: `fan-out unlimited, ${crowd} downloaders: delivered`,
        unit: 'MiB/s',
        ours: aggregate,
        baseline: median(delivered.baseline),
        samples: delivered,
        target: '≥ 1.0× baseline',
        met: aggregate >= median(delivered.baseline),
      }),
    ];
  });
}

/**
 * Uploads `seconds` worth of data at `rate` MiB/s, 64 KiB at a time on schedule, while `n`
 * downloaders tail it; measures what the server and every downloader kept up with.
 */
async function paced(ctx: Context, target: Target, rate: number, seconds: number, n: number) {
  const steps = Math.max(16, Math.round((rate * MiB * seconds) / CHUNK));
  const total = (steps + 1) * CHUNK;
  const slot = await target.slot('fanout.bin');
  const req = request(slot.puturl, { method: 'PUT', headers: { 'content-length': total } });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      readText(res).then((body) => resolve({ status: res.statusCode ?? 0, body }), reject);
    });
    req.on('error', reject);
  });
  const data = randomChunks(total, CHUNK);
  req.write(data.next().value);
  await tailable(slot, answered);
  const crowd = startCrowd(ctx.dist, slot.tailUrl, n, total, CHUNK, CHUNK);
  await crowd.attached;
  const interval = (CHUNK / (rate * MiB)) * 1000;
  const sentAt: number[] = [sharedNow()];
  const start = sentAt[0]!;
  let lastFlushed = start;
  let chunk = data.next();
  while (!chunk.done) {
    // Everything due by now goes out; then wait for the next chunk's time.
    while (!chunk.done && start + (sentAt.length - 1) * interval <= sharedNow()) {
      sentAt.push(sharedNow());
      const last = sentAt.length === steps + 1;
      const ok = req.write(chunk.value, () => {
        if (last) lastFlushed = sharedNow();
      });
      if (!ok) await new Promise((r) => req.once('drain', r));
      chunk = data.next();
    }
    const due = start + (sentAt.length - 1) * interval - sharedNow();
    if (!chunk.done && due > 0) await sleep(Math.max(1, due));
  }
  req.end();
  const answer = await answered;
  if (answer.status !== 200)
    throw new Error(`${target.name}: paced upload answered ${answer.status}: ${answer.body}`);
  // Downloaders get two seconds past the upload to finish; what is still missing then counts
  // as arriving at that moment.
  const grace = setTimeout(() => crowd.stop(), 2000);
  const got = await crowd.done;
  clearTimeout(grace);
  const stoppedAt = sharedNow();
  const upload = ((total - CHUNK) / MiB / (lastFlushed - start)) * 1000;
  const latencies: number[] = [];
  let slowest = Number.POSITIVE_INFINITY;
  for (const arrivals of got.arrivals ?? []) {
    for (let k = 1; k <= steps; k++) latencies.push((arrivals[k] ?? stoppedAt) - sentAt[k]!);
    const end = arrivals.length === steps + 1 ? arrivals[steps]! : stoppedAt;
    const bytes = (Math.min(arrivals.length, steps + 1) - 1) * CHUNK;
    slowest = Math.min(slowest, (bytes / MiB / (end - start)) * 1000);
  }
  await slot.remove();
  return {
    rate,
    upload,
    slowest,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  } satisfies Trial;
}

/** Bytes per second delivered to `n` tailing downloaders together while one upload runs. */
async function unlimited(ctx: Context, target: Target, total: number, n: number) {
  const head = MiB;
  const slot = await target.slot('fanout-unlimited.bin');
  const { stream, release } = gatedStream(total, head);
  const putting = put(slot.puturl, stream, total);
  await tailable(slot, putting);
  const crowd = startCrowd(ctx.dist, slot.tailUrl, n, total, head);
  await crowd.attached;
  const started = performance.now();
  release();
  const r = await putting;
  if (r.status !== 200)
    throw new Error(`${target.name}: upload with ${n} downloaders answered ${r.status}: ${r.body}`);
  const got = await crowd.done;
  const ms = performance.now() - started;
  await slot.remove();
  const bytes = got.bytes.reduce((a, b) => a + b - head, 0);
  return (bytes / MiB / ms) * 1000;
}
