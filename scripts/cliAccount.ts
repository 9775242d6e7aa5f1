/**
 * For tests and the bench: an account made with a built `gett-server` CLI, as an operator
 * makes one (`users add`, then `apps add` for its API key).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Credentials } from '../shared/gett';

export interface CliAccount {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  /** Bytes the account may store; the server's default when absent. */
  readonly storageLimit?: number;
  /** The name of the app whose API key signs in. */
  readonly appName: string;
}

/** Runs `node <cli> <args>` to completion; throws with what the CLI said on stderr. */
async function runCli(cli: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
      encoding: 'utf8',
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`gett-server ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Creates the user and an app key owned by it on `dataDir`; returns how to sign in. */
export async function addCliAccount(
  cli: string,
  dataDir: string,
  a: CliAccount,
): Promise<Credentials> {
  const limit = a.storageLimit === undefined ? [] : ['--storage-limit', String(a.storageLimit)];
  const user = ['--data', dataDir, '--email', a.email, '--password', a.password];
  await runCli(cli, ['users', 'add', ...user, '--name', a.name, ...limit]);
  const out = await runCli(cli, [
    'apps',
    'add',
    '--data',
    dataDir,
    '--name',
    a.appName,
    '--owner',
    a.email,
  ]);
  const apikey = out.trim();
  if (!apikey) throw new Error('gett-server apps add printed no API key');
  return { apikey, email: a.email, password: a.password };
}
