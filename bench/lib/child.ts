/** Runs a bench child program with IPC and waits for its one result message. */
import { fork } from 'node:child_process';
import { join } from 'node:path';

/** Forks dist/bench/<entry> and resolves with its first non-error message. */
export function runChild<T>(
  dist: string,
  entry: string,
  args: string[],
  onPid?: (pid: number) => void,
) {
  const child = fork(join(dist, 'bench', entry), args, {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: ['--expose-gc'],
  });
  if (child.pid) onPid?.(child.pid);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  return new Promise<T>((resolve, reject) => {
    child.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'error') reject(new Error(`${entry}: ${m.message}`));
      else resolve(m as T);
    });
    child.once('exit', (code) =>
      reject(
        new Error(`${entry} exited (code ${String(code)}) without a result: ${stderr.trim()}`),
      ),
    );
  });
}
