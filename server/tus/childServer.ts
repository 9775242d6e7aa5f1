/**
 * For tests: `gett-server serve` in a child process that can be killed hard (SIGKILL, no
 * cleanup at all) and started again on the same data dir and port. The CLI is bundled from
 * source into a temp dir, so the process runs the code under test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');

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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gett-cli-bundle-'));
  const cli = path.join(dir, 'cli.cjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'server/cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    outfile: cli,
    external: ['better-sqlite3', 'sharp', 'bufferutil', 'utf-8-validate'],
    logLevel: 'error',
  });
  return { cli, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
        // The bundle lives in a temp dir; its native modules come from the project.
        env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
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
