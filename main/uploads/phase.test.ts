import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appErrorView } from '../../shared/errors';
import type { GettFile, GettShare } from '../../shared/gett';
import { ApiError, type PutBlobOptions } from '../api';
import { nextPhase, phaseEvents, type Phase, type PhaseEvent } from './phase';
import { UploadQueue, type UploadQueueOptions } from './uploadQueue';

// Every move of an upload's phase, first as the table says, then as the queue's commands do
// it. The queue runs against a fake API and a fake PUT the test finishes or breaks by hand;
// the queue tests next to this one cover the same queue against the real server.

describe('the phase table', () => {
  const grid: Record<Phase, Record<PhaseEvent, Phase | null>> = {
    // event:  start        pause     resume    requeue   fail      stopped
    queued: {
      start: 'uploading',
      pause: 'paused',
      resume: null,
      requeue: null,
      fail: 'failed',
      stopped: null,
    },
    uploading: {
      start: null,
      pause: 'paused',
      resume: null,
      requeue: null,
      fail: 'failed',
      stopped: 'queued',
    },
    paused: {
      start: null,
      pause: null,
      resume: 'queued',
      requeue: null,
      fail: 'failed',
      stopped: null,
    },
    failed: {
      start: null,
      pause: null,
      resume: null,
      requeue: 'queued',
      fail: 'failed',
      stopped: null,
    },
  };
  const rows = (Object.keys(grid) as Phase[]).flatMap((phase) =>
    phaseEvents.map((event) => [phase, event, grid[phase][event]] as const),
  );
  it.each(rows)('%s + %s → %s', (phase, event, next) => {
    expect(nextPhase(phase, event)).toBe(next);
  });
});

// --- the queue over a fake API ---

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gett-phase-'));
  await writeFile(join(dir, 'a.txt'), 'first file');
  await writeFile(join(dir, 'b.txt'), 'second file');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Put {
  finish(): void;
  break(err: Error): void;
}

const queues: UploadQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.close()));
});

/** Two files dropped with one upload at a time: file 0 uploads, file 1 waits. */
async function twoFiles() {
  const puts = new Map<string, Put>();
  const api: UploadQueueOptions['api'] = {
    createShare: (title) =>
      Promise.resolve({
        sharename: 's',
        title: title ?? undefined,
        created: 0,
        getturl: 'http://h/s',
        files: [],
      } as GettShare),
    share: () => Promise.reject(new Error('not used')),
    createFiles: (sharename, names) =>
      Promise.resolve(
        names.map((filename, i): GettFile => ({
          sharename,
          fileid: String(i),
          filename,
          readystate: 'remote',
          created: 0,
          getturl: `http://h/${sharename}/v/${i}`,
          downloads: 0,
          upload: { puturl: `http://h/put/${i}`, posturl: '' },
        })),
      ),
    uploadUrls: (_s, fileid) => Promise.resolve({ puturl: `http://h/put/${fileid}`, posturl: '' }),
    destroyFile: () => Promise.resolve(),
  };
  const put = (o: PutBlobOptions) =>
    new Promise<void>((resolve, reject) => {
      const fileid = o.url.split('/').at(-1)!;
      const stop = () => {
        puts.delete(fileid);
        const err = new Error('aborted');
        err.name = 'AbortError';
        reject(err);
      };
      if (o.signal.aborted) return stop();
      o.signal.addEventListener('abort', stop, { once: true });
      puts.set(fileid, {
        finish: () => (puts.delete(fileid), resolve()),
        break: (err) => (puts.delete(fileid), reject(err)),
      });
    });
  const queue = new UploadQueue({
    api,
    put,
    clipboard: { writeText: () => undefined },
    session: 'phase-test',
    concurrency: () => 1,
    file: join(await mkdtemp(join(dir, 'q-')), 'queue.json'),
    retryBackoff: { minMs: 60_000, maxMs: 60_000 },
  });
  queues.push(queue);
  await queue.drop([join(dir, 'a.txt'), join(dir, 'b.txt')]);
  await until(() => puts.has('0'));
  const phase = (fileid: string) => queue.view({ sharename: 's', fileid })?.phase;
  return { queue, puts, phase };
}

async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 1));
}
/** Lets every settled promise run its handlers (the queue's bookkeeping is in microtasks). */
const settle = () => new Promise((r) => setTimeout(r, 0));

type Setup = Awaited<ReturnType<typeof twoFiles>>;
const zero = { sharename: 's', fileid: '0' };

/** Brings file 0 into a phase; file 1 waits, or uploads once file 0 let go of its slot. */
const reach: Record<Phase, (s: Setup) => Promise<void>> = {
  uploading: () => Promise.resolve(),
  queued: async (s) => {
    // File 0 goes back to the queue behind file 1, which now holds the one slot.
    s.queue.pause(zero);
    await until(() => s.puts.has('1'));
    s.queue.resume(zero);
  },
  paused: async (s) => {
    s.queue.pause(zero);
    await until(() => s.puts.has('1'));
  },
  failed: async (s) => {
    s.puts.get('0')!.break(new ApiError('invalid', 'the server refused the upload', 400));
    await until(() => s.puts.has('1'));
  },
};

const acts: Record<string, (s: Setup) => void> = {
  pause: (s) => s.queue.pause(zero),
  resume: (s) => s.queue.resume(zero),
  retry: (s) => s.queue.retry(zero),
  'live failure': (s) => void s.queue.fail(zero, appErrorView('storageFull')),
  bump: (s) => s.queue.bump(zero),
  'pause all': (s) => s.queue.pauseAll(),
  'resume all': (s) => s.queue.resumeAll(),
  'server back': (s) => s.queue.retryUnreachable(),
};

// From each phase of file 0, each command, and the phase it ends in once the upload it
// stopped (if any) has ended. One slot: file 1 takes it whenever file 0 lets go.
const table: [Phase, keyof typeof acts, Phase][] = [
  ['queued', 'pause', 'paused'],
  ['queued', 'resume', 'queued'],
  ['queued', 'retry', 'queued'],
  ['queued', 'live failure', 'failed'],
  ['queued', 'bump', 'uploading'], // ahead of the queue and beyond the limit
  ['queued', 'pause all', 'paused'],
  ['queued', 'server back', 'queued'],
  ['uploading', 'pause', 'paused'], // stays paused after its upload stopped
  ['uploading', 'resume', 'uploading'],
  ['uploading', 'retry', 'uploading'],
  ['uploading', 'live failure', 'failed'], // stays failed after its upload stopped
  ['uploading', 'bump', 'uploading'],
  ['uploading', 'pause all', 'paused'],
  ['uploading', 'resume all', 'uploading'],
  ['paused', 'pause', 'paused'],
  ['paused', 'resume', 'queued'], // file 1 has the slot
  ['paused', 'retry', 'paused'],
  ['paused', 'live failure', 'failed'],
  ['paused', 'bump', 'paused'],
  ['paused', 'resume all', 'queued'],
  ['failed', 'pause', 'failed'],
  ['failed', 'resume', 'failed'],
  ['failed', 'retry', 'queued'],
  ['failed', 'live failure', 'failed'],
  ['failed', 'bump', 'failed'],
  ['failed', 'pause all', 'failed'],
  ['failed', 'resume all', 'failed'],
  ['failed', 'server back', 'failed'], // it failed for another reason
];

describe('the queue moves a file', () => {
  it.each(table)('from %s, on %s, to %s', async (from, act, to) => {
    const s = await twoFiles();
    await reach[from](s);
    expect(s.phase('0')).toBe(from);
    acts[act]!(s);
    await settle();
    expect(s.phase('0')).toBe(to);
    // An uploading file has its upload running (it starts after reading the file's size);
    // no other phase does.
    if (to === 'uploading') await until(() => s.puts.has('0'));
    else expect(s.puts.has('0')).toBe(false);
    // Only a failed file carries an error.
    expect(s.queue.view(zero)?.error !== undefined).toBe(to === 'failed');
  });

  it('back to the queue when the queue closes mid-upload, and saved so', async () => {
    const s = await twoFiles();
    await s.queue.close();
    expect(s.phase('0')).toBe('queued');
    expect(s.phase('1')).toBe('queued');
  });

  it('out of the queue once its upload finished', async () => {
    const s = await twoFiles();
    s.puts.get('0')!.finish();
    await until(() => s.puts.has('1'));
    expect(s.phase('0')).toBeUndefined();
    expect(s.phase('1')).toBe('uploading');
  });

  it('server away: failed, then back to the queue when the server is back', async () => {
    const s = await twoFiles();
    s.puts.get('0')!.break(new ApiError('unreachable', 'connect ECONNREFUSED'));
    await until(() => s.puts.has('1'));
    expect(s.queue.view(zero)).toMatchObject({
      phase: 'failed',
      error: { code: 'serverUnreachable' },
    });
    s.queue.retryUnreachable();
    expect(s.phase('0')).toBe('queued');
    expect(s.queue.view(zero)?.error).toBeUndefined();
  });
});
