/** File helpers of the blob store: hashing a file, a small concurrency limit. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 of the first `size` bytes of a file. */
export async function hashFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size > 0) {
    for await (const chunk of fs.createReadStream(file, {
      end: size - 1,
      highWaterMark: 256 * 1024,
    }))
      hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Runs at most `max` tasks at once; the rest wait in order. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly max: number) {}

  run(task: (done: () => void) => void): void {
    const start = (): void => {
      this.active++;
      let finished = false;
      task(() => {
        if (finished) return;
        finished = true;
        this.active--;
        this.queue.shift()?.();
      });
    };
    if (this.active < this.max) start();
    else this.queue.push(start);
  }
}
