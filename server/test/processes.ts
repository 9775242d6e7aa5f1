/** Child processes for the CLI and embedded tests: the built bundle, temp dirs, cleanup. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { tempDir } from './harness.js';

export const run = promisify(execFile);
export const root = path.resolve(import.meta.dirname, '../..');
export const cli = path.join(root, 'dist/server/cli.cjs');
export const embedded = path.join(root, 'dist/server/embedded.cjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];

/** Builds dist/server/{cli,embedded}.cjs exactly as `npm run build` does. */
export async function buildServerBundle(): Promise<void> {
  await run(process.execPath, ['scripts/build.mjs', '--only', 'server', '--quiet'], { cwd: root });
}

/** Kills what is still running and removes the temp dirs. */
export function cleanUp(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
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
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Starts `serve` and resolves with the process and the first stdout line. */
export async function serve(
  command: string,
  args: string[],
): Promise<{ child: ChildProcess; first: string }> {
  const child = track(spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  return { child, first };
}

export const urlOf = (first: string): string => first.replace('gett-server listening on ', '');
