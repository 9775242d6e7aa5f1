/**
 * Runs the embedded Ge.tt server (dist/server/embedded.cjs) in its own process, so its disk
 * and network work never blocks the app: an Electron utility process in the app, a Node child
 * process elsewhere. Talks to it with small typed messages.
 */
import { silentLogger, type Logger } from '../../shared/log';
import { ApiError } from '../api/errors';

/** A forked server process, seen through the few calls the host makes. */
export interface EmbeddedProcess {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** Starts `entry` as a separate process with `args` (utilityProcess.fork or child_process.fork); `args[0]` is the JSON config. */
export type EmbeddedForker = (entry: string, args: string[]) => EmbeddedProcess;

export interface EmbeddedConfig {
  dataDir: string;
  host: string;
  port: number;
  publicUrl: string;
}

export interface LocalAccountRequest {
  email: string;
  password: string;
  fullname: string;
  appName: string;
}

type Message =
  | { type: 'listening'; url: string; publicUrl: string }
  | { type: 'localAccount'; userid: string; apikey: string }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

export class EmbeddedServerHost {
  private child: EmbeddedProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private waiters = new Set<(m: Message | { type: 'exit'; code: number | null }) => void>();
  private readonly log: Logger;

  constructor(
    private readonly fork: EmbeddedForker,
    private readonly entry: string,
    logger: Logger = silentLogger,
  ) {
    this.log = logger.child('embedded');
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Forks the server and waits until it listens. */
  async start(config: EmbeddedConfig): Promise<{ url: string; publicUrl: string }> {
    if (this.child) await this.stop();
    const child = this.fork(this.entry, [JSON.stringify(config)]);
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.onExit((code) => {
        if (this.child === child) this.child = null;
        this.log.info('embedded server exited', { code });
        for (const w of this.waiters) w({ type: 'exit', code });
        resolve(code);
      });
    });
    child.onMessage((m) => {
      if (!isMessage(m)) return;
      if (m.type === 'error') this.log.error('embedded server error', { message: m.message });
      for (const w of this.waiters) w(m);
    });
    try {
      const m = await this.next(['listening']);
      return { url: m.url, publicUrl: m.publicUrl };
    } catch (err) {
      child.kill();
      throw err;
    }
  }

  /** Creates the local account (or resets its password) and returns its id and API key. */
  async ensureLocalAccount(req: LocalAccountRequest): Promise<{ userid: string; apikey: string }> {
    if (!this.child) throw new Error('The embedded server is not running.');
    const reply = this.next(['localAccount']);
    this.child.send({ type: 'ensureLocalAccount', ...req });
    const m = await reply;
    return { userid: m.userid, apikey: m.apikey };
  }

  /** Asks the server to stop; kills it if it does not exit soon. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill(), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  private next<T extends Message['type']>(types: T[]): Promise<Extract<Message, { type: T }>> {
    return new Promise((resolve, reject) => {
      const waiter = (m: Message | { type: 'exit'; code: number | null }) => {
        if (m.type === 'exit' || m.type === 'error') {
          this.waiters.delete(waiter);
          const why = m.type === 'exit' ? `exited with code ${String(m.code)}` : m.message;
          reject(new ApiError('unreachable', `The built-in server failed: ${why}`));
        } else if ((types as string[]).includes(m.type)) {
          this.waiters.delete(waiter);
          resolve(m as Extract<Message, { type: T }>);
        }
      };
      this.waiters.add(waiter);
    });
  }
}

function isMessage(m: unknown): m is Message {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}
