/**
 * `gett-desktop --print-links …` while the app already runs: the second instance hands its
 * arguments to the first over a local socket (a named pipe on Windows) and prints the links
 * the first answers with, so scripts get them on stdout. One JSON line each way.
 */
import { createHash } from 'node:crypto';
import { chmod, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/** The most a request or answer may hold; a command line is far smaller. */
const MAX_LINE = 1024 * 1024;

export const LinkRequestSchema = z
  .object({
    args: z.array(z.string().max(4096)).max(10_000),
    cwd: z.string().max(4096),
  })
  .strict();
export type LinkRequest = z.infer<typeof LinkRequestSchema>;

const LinkAnswerSchema = z
  .object({ links: z.array(z.string()), errors: z.array(z.string()) })
  .strict();
export type LinkAnswer = z.infer<typeof LinkAnswerSchema>;

/** The socket of the app using `userDataDir`: a file there, or a pipe named after it. */
export function linkSocketPath(userDataDir: string, platform = process.platform): string {
  if (platform === 'win32') {
    const id = createHash('sha256').update(userDataDir).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\gett-desktop-${id}`;
  }
  return join(userDataDir, 'links.sock');
}

/** Reads one newline-terminated line of at most MAX_LINE bytes. */
function readLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) {
        cleanup();
        resolve(buffered.slice(0, end));
      } else if (buffered.length > MAX_LINE) {
        cleanup();
        reject(new Error('the message is too long'));
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('the connection closed before a whole message'));
    };
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', reject);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', reject);
  });
}

/** Answers link requests at `path` until closed. Only this user can reach a Unix socket. */
export async function serveLinkRequests(
  path: string,
  handle: (req: LinkRequest) => Promise<LinkAnswer>,
): Promise<{ close(): Promise<void> }> {
  // We hold the single-instance lock, so a socket file left there is from a crashed run.
  if (!path.startsWith('\\\\')) await rm(path, { force: true });
  const server: Server = createServer((socket) => {
    socket.setTimeout(10_000, () => socket.destroy());
    readLine(socket)
      .then(async (line) => {
        const parsed = LinkRequestSchema.safeParse(JSON.parse(line));
        const answer: LinkAnswer = parsed.success
          ? await handle(parsed.data)
          : { links: [], errors: ['The request to the running app was not understood.'] };
        socket.end(`${JSON.stringify(answer)}\n`);
      })
      .catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!path.startsWith('\\\\')) await chmod(path, 0o600);
  return {
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Asks the running app to carry out `req`. A first instance still starting has no socket yet,
 * so connecting is retried for `connectMs`; the answer may take as long as the drop.
 */
export async function requestLinks(
  path: string,
  req: LinkRequest,
  opts: { connectMs?: number; answerMs?: number } = {},
): Promise<LinkAnswer> {
  const deadline = Date.now() + (opts.connectMs ?? 10_000);
  for (;;) {
    try {
      return await askOnce(path, req, opts.answerMs ?? 120_000);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const notYet = code === 'ENOENT' || code === 'ECONNREFUSED';
      if (!notYet || Date.now() > deadline) {
        throw new Error(`Cannot reach the running Gett Desktop: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function askOnce(path: string, req: LinkRequest, answerMs: number): Promise<LinkAnswer> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('it did not answer in time'));
    }, answerMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.off('error', fail);
      socket.write(`${JSON.stringify(req)}\n`);
      readLine(socket)
        .then((line) => resolve(LinkAnswerSchema.parse(JSON.parse(line))))
        .catch(reject)
        .finally(() => {
          clearTimeout(timer);
          socket.destroy();
        });
    });
  });
}
