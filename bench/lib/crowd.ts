/** Starts bench/tailers in its own process and follows its messages. */
import { fork } from 'node:child_process';
import { join } from 'node:path';

type Message =
  { type: 'attached' } | { type: 'done'; bytes: number[] } | { type: 'error'; message: string };

export interface Crowd {
  pid: number;
  /** Every downloader holds the first bytes. */
  attached: Promise<void>;
  /** Every downloader got the whole file (or stopped when asked). */
  done: Promise<void>;
  /** Ends every download now; `done` then resolves. */
  stop(): void;
}

export function startCrowd(
  dist: string,
  url: string,
  count: number,
  total: number,
  head: number,
): Crowd {
  const child = fork(
    join(dist, 'bench/tailers.cjs'),
    [url, String(count), String(total), String(head)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const wait = (type: 'attached' | 'done') =>
    new Promise<void>((resolve, reject) => {
      child.on('message', (m: Message) => {
        if (m.type === type) resolve();
        if (m.type === 'error') reject(new Error(`tailing downloaders failed: ${m.message}`));
      });
      child.once('exit', (code) =>
        reject(new Error(`tailing downloaders exited (code ${String(code)})`)),
      );
    });
  const attached = wait('attached');
  const done = wait('done');
  // Either may go unawaited when the other fails first.
  attached.catch(() => undefined);
  done.catch(() => undefined);
  const stop = () => {
    if (child.connected) child.send({ type: 'stop' });
  };
  return { pid: child.pid!, attached, done, stop };
}
