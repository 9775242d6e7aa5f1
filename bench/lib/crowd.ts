/** Starts bench/tailers in its own process and follows its messages. */
import { fork } from 'node:child_process';
import { join } from 'node:path';

/** What the crowd got: bytes per downloader and, when asked, arrival times per step. */
export interface CrowdResult {
  bytes: number[];
  arrivals?: number[][];
}

type Message =
  { type: 'attached' } | ({ type: 'done' } & CrowdResult) | { type: 'error'; message: string };

export interface Crowd {
  pid: number;
  /** Every downloader holds the first bytes. */
  attached: Promise<void>;
  /** Every downloader got the whole file (or stopped when asked). */
  done: Promise<CrowdResult>;
  /** Ends every download now; `done` then resolves. */
  stop(): void;
}

/**
 * `every`: record, per downloader, when it first held each multiple of that many bytes
 * (bench/tailers.ts); 0 records nothing.
 */
export function startCrowd(
  dist: string,
  url: string,
  count: number,
  total: number,
  head: number,
  every = 0,
): Crowd {
  const args = [url, String(count), String(total), String(head)];
  if (every > 0) args.push(String(every));
  const child = fork(join(dist, 'bench/tailers.cjs'), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const failed = new Promise<never>((_, reject) => {
    child.on('message', (m: Message) => {
      if (m.type === 'error') reject(new Error(`tailing downloaders failed: ${m.message}`));
    });
    // 'close', not 'exit': messages still in the channel arrive before it.
    child.once('close', (code) =>
      reject(new Error(`tailing downloaders exited (code ${String(code)})`)),
    );
  });
  const message = <T extends Message['type']>(type: T) =>
    Promise.race([
      new Promise<Extract<Message, { type: T }>>((resolve) => {
        child.on('message', (m: Message) => {
          if (m.type === type) resolve(m as Extract<Message, { type: T }>);
        });
      }),
      failed,
    ]);
  const attached = message('attached').then(() => undefined);
  const done = message('done').then(({ bytes, arrivals }) => ({
    bytes,
    ...(arrivals ? { arrivals } : {}),
  }));
  // Either may go unawaited when the other fails first.
  failed.catch(() => undefined);
  attached.catch(() => undefined);
  done.catch(() => undefined);
  const stop = () => {
    if (child.connected) child.send({ type: 'stop' });
  };
  return { pid: child.pid!, attached, done, stop };
}
