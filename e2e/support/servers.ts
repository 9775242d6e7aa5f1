/**
 * Real Ge.tt servers for the scenarios: the standalone `gett-server` CLI as a separate process
 * (as a team would run it), on its own or behind an upload gate. Accounts are created
 * the way an operator does, with `users add` and `apps add`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { addCliAccount } from '../../scripts/cliAccount';
import type { Credentials } from '../../shared/gett';
import { startGate, type Gate } from './gate';

const cli = resolve(import.meta.dirname, '../../dist/server/cli.cjs');

export type Account = Credentials;

let accounts = 0;

/** Creates a user and an app key with the CLI, as an operator would. */
export async function addAccount(
  dataDir: string,
  opts: { storageLimit?: number } = {},
): Promise<Account> {
  accounts += 1;
  return addCliAccount(cli, dataDir, {
    email: `ann${accounts}.${process.pid}@example.test`,
    password: `long secret ${accounts}`,
    name: 'Ann',
    storageLimit: opts.storageLimit,
    appName: `Desktop ${accounts}`,
  });
}

export interface CliServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the process (SIGTERM: graceful, as an operator stops it) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `gett-server serve` in its own process on loopback; `port` 0 picks a free one. Links
 * use `publicUrl` when given (e.g. a gate in front of it).
 */
export async function startCliServer(
  dataDir: string,
  opts: { port?: number; publicUrl?: string } = {},
): Promise<CliServer> {
  const args = ['serve', '--data', dataDir, '--host', '127.0.0.1'];
  args.push('--port', String(opts.port ?? 0));
  if (opts.publicUrl) args.push('--public-url', opts.publicUrl);
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit');
  const url = await new Promise<string>((ok, fail) => {
    lines.once('line', (line) => {
      const m = /^gett-server listening on (\S+)$/.exec(line);
      if (m) ok(m[1]!);
      else fail(new Error(`gett-server said: ${line}`));
    });
    void exited.then(([code]) => fail(new Error(`gett-server exited with ${String(code)}`)));
  });
  lines.on('line', (line) => console.log(`[gett-server] ${line}`));
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}

export interface GatedServer {
  /** The address the app and recipients use: the gate in front of the server. */
  readonly url: string;
  readonly gate: Gate;
  /** The server's own port, kept across stop() and start(). */
  readonly port: number;
  readonly dataDir: string;
  /** Creates a user and app key on this server's data, as an operator would. */
  addAccount(opts?: { storageLimit?: number }): Promise<Account>;
  /** Stops the server process as an operator does; the gate stays, so clients see it go away. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data behind the same gate. */
  start(): Promise<void>;
  /** Releases the gate and stops the server and the gate. */
  close(): Promise<void>;
}

/**
 * A `gett-server` process (live API and recipient pages included) whose uploads pass through a
 * gate the test holds. Harness tests get one per test from the `gatedServer` fixture.
 */
export async function startGatedServer(dataDir: string): Promise<GatedServer> {
  const gate = await startGate();
  let server: CliServer;
  try {
    server = await startCliServer(dataDir, { publicUrl: gate.url });
  } catch (err) {
    await gate.close();
    throw err;
  }
  gate.target(server.port);
  const { port } = server;
  return {
    url: gate.url,
    gate,
    port,
    dataDir,
    addAccount: (opts) => addAccount(dataDir, opts),
    stop: () => server.stop(),
    start: async () => {
      await server.stop();
      server = await startCliServer(dataDir, { port, publicUrl: gate.url });
    },
    close: async () => {
      gate.release();
      await server.stop();
      await gate.close();
    },
  };
}
