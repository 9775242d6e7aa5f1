/**
 * For tests: `gett-server serve` in a child process that can be killed hard (SIGKILL, no
 * cleanup at all) and started again on the same data dir and port. The CLI is bundled from
 * source (scripts/testBundle.ts), so the process runs the code under test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { bundleForTest, root } from '../../scripts/testBundle.js';

export interface ChildServer {
  readonly url: string;
  readonly port: number;
  /** SIGKILL: the process dies mid-write, as in a power cut of the process. */
  kill(): Promise<void>;
  /** Starts `serve` again on the same data dir and port. */
  restart(): Promise<void>;
}

/** Bundles server/cli.ts once per test file; returns the path of the bundle. */
export async function bundleCli(): Promise<{ cli: string; remove(): void }> {
  const built = await bundleForTest({ cli: 'server/cli.ts' });
  return { cli: built.path('cli'), remove: () => built.remove() };
}

export async function startChildServer(
  cli: string,
  dataDir: string,
  opts: { port?: number; publicUrl?: string } = {},
): Promise<ChildServer> {
  let child: ChildProcess;
  let port = opts.port ?? 0;
  const extra = opts.publicUrl ? ['--public-url', opts.publicUrl] : [];
  let url = '';
  const start = async (): Promise<void> => {
    child = spawn(
      process.execPath,
      [cli, 'serve', '--data', dataDir, '--port', String(port), '--host', '127.0.0.1', ...extra],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout! });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`gett-server exited with ${String(code)} before listening`);
    });
    exited.catch(() => undefined); // only the race below cares
    const [first] = (await Promise.race([once(lines, 'line'), exited])) as [string];
    url = first.replace('gett-server listening on ', '');
    port = Number(new URL(url).port);
  };
  await start();
  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exit = once(child, 'exit');
      child.kill('SIGKILL');
      await exit;
    },
    restart: start,
  };
}
