/**
 * Entry of the server embedded in the app, run in its own process: Electron `utilityProcess`
 * (talks over `process.parentPort`) or Node `child_process.fork` (talks over `process.send`).
 *
 * Options come either as JSON in argv[2] (`fork(entry, [JSON.stringify(options)])`) or, when
 * argv[2] is absent, in a `{type: 'start', options}` message. Messages:
 *   parent → child: `{type:'start', options}`, `{type:'ensureLocalAccount', email, password,
 *                   fullname, appName}`, `{type:'stop'}`
 *   child → parent: `{type:'listening', url, publicUrl}`, `{type:'localAccount', userid,
 *                   apikey}`, `{type:'stopped'}`, `{type:'error', message}`
 */
import { z } from 'zod';
import type { Logger } from '../shared/log.js';
import { ensureLocalAccount } from './admin.js';
import { ApiError } from './errors.js';
import { startServer, type RunningServer } from './index.js';

const Options = z.object({
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  dataDir: z.string().min(1),
  publicUrl: z.string().optional(),
  signup: z.enum(['open', 'closed']).optional(),
  blocklistFile: z.string().optional(),
});

const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: Options }),
  z.object({
    type: z.literal('ensureLocalAccount'),
    email: z.string(),
    password: z.string(),
    fullname: z.string(),
    appName: z.string(),
  }),
  z.object({ type: z.literal('stop') }),
]);

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: Record<string, unknown>): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (message: unknown) => void): void {
  if (parentPort) parentPort.on('message', (e) => listener(e.data));
  else process.on('message', listener);
}

const describe = (err: unknown): string =>
  err instanceof ApiError || err instanceof Error ? err.message : String(err);

const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => process.stderr.write(`gett-server warn: ${message}\n`),
  error: (message, data) =>
    process.stderr.write(`gett-server error: ${message} ${JSON.stringify(data ?? '')}\n`),
  child: () => logger,
};

let server: RunningServer | undefined;
let starting: Promise<void> | undefined;
let dataDir: string | undefined;

function start(options: z.infer<typeof Options>): Promise<void> {
  dataDir = options.dataDir;
  starting ??= startServer({ ...options, logger }).then(
    (running) => {
      server = running;
      post({ type: 'listening', url: running.url, publicUrl: running.publicUrl });
    },
    (err: unknown) => {
      post({ type: 'error', message: `the server could not start: ${describe(err)}` });
      process.exitCode = 1;
    },
  );
  return starting;
}

async function handle(raw: unknown): Promise<void> {
  const parsed = Message.safeParse(raw);
  if (!parsed.success) {
    post({ type: 'error', message: `unknown message: ${JSON.stringify(raw)}` });
    return;
  }
  const msg = parsed.data;
  switch (msg.type) {
    case 'start':
      return start(msg.options);
    case 'ensureLocalAccount': {
      if (!dataDir) {
        post({ type: 'error', message: 'start the server before asking for the local account' });
        return;
      }
      try {
        const account = await ensureLocalAccount(dataDir, msg);
        post({ type: 'localAccount', ...account });
      } catch (err) {
        post({ type: 'error', message: `the local account could not be set up: ${describe(err)}` });
      }
      return;
    }
    case 'stop':
      await stop();
      post({ type: 'stopped' });
      process.exit(0);
  }
}

async function stop(): Promise<void> {
  await starting;
  await server?.close();
}

// A forked child whose parent went away (crashed or quit without `stop`) must not linger.
process.on('disconnect', () => {
  stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

onMessage((message) => {
  handle(message).catch((err: unknown) => post({ type: 'error', message: describe(err) }));
});

const argvOptions = process.argv[2];
if (argvOptions) {
  try {
    void start(Options.parse(JSON.parse(argvOptions)));
  } catch (err) {
    post({ type: 'error', message: `bad options in argv: ${describe(err)}` });
    process.exitCode = 2;
  }
}
