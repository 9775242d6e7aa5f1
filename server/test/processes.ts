/** Child processes for the CLI and embedded tests: the built bundle, temp dirs, cleanup. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { bundleForTest, root } from '../../scripts/testBundle.js';
import { tempDir } from './harness.js';

export { root };
export const run = promisify(execFile);
const dirs: string[] = [];
const children: ChildProcess[] = [];

/** Paths of the bundled entries, set by buildServerBundle(). */
export const bundle = { cli: '', embedded: '' };

/** Bundles server/cli.ts and server/embedded.ts from source (see scripts/testBundle.ts). */
export async function buildServerBundle(): Promise<void> {
  const built = await bundleForTest({ cli: 'server/cli.ts', embedded: 'server/embedded.ts' });
  dirs.push(built.dir);
  bundle.cli = built.path('cli');
  bundle.embedded = built.path('embedded');
}

/** Kills what is still running and removes the temp dirs. */
export function cleanUp(): void {
  for (const child of children) if (child.exitCode === null) signalGroup(child, 'SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

/** Tracks a child so cleanUp() ends it. */
export function track<T extends ChildProcess>(child: T): T {
  children.push(child);
  return child;
}

export function dataDir(): string {
  const dir = tempDir('gett-cli-');
  dirs.push(dir);
  return dir;
}

/** Runs the CLI to completion. */
export async function gett(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bundle.cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * Signals a child and everything it started. `npm run server` runs the server under a shell
 * that does not pass signals on, so killing npm alone would leave the server running.
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (process.platform !== 'win32' && child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
      return;
    } catch {
      // The group is gone already; fall through to the child itself.
    }
  }
  child.kill(signal);
}

/** Starts `serve` (in its own process group) and resolves with it and its first stdout line. */
export async function serve(
  command: string,
  args: string[],
): Promise<{ child: ChildProcess; first: string }> {
  const child = track(
    spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    }),
  );
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  return { child, first };
}

export const urlOf = (first: string): string => first.replace('gett-server listening on ', '');
