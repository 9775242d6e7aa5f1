/**
 * Download all: `GET /1/shares/<sharename>/zip` streams one zip of every file of a share, in
 * drop order, stored (not compressed), ZIP64 where sizes need it. It starts at once: finished
 * files are read from disk, files still uploading are followed as they grow, and a `remote`
 * file fires the live `download` event when the zip reaches it, so its uploader sends it next.
 * One file is open at a time and the response's back-pressure paces the reading, so memory
 * stays the same whatever the share's size. Each file counts as one download of it by the
 * rules of `/blob` (`countDownload`).
 */
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { checkShareRead } from '../access.js';
import type { ServerContext } from '../context.js';
import { ApiError, fail } from '../errors.js';
import type { FileRecord, ShareRecord } from '../storage/types.js';
import { countDownload } from './download.js';
import { EntryNames, safeEntryName } from './zipNames.js';

type Params = { sharename: string };

/** Files read from the metadata store at a time while the zip goes through a share. */
const PAGE = 100;

/** Entries past this size (or of a size not known yet) are written in the ZIP64 format. */
const ZIP64_FROM = 0xffffffff;

/** The share's files in drop order, one page at a time (never the whole share in memory). */
function* filesOf(ctx: ServerContext, sharename: string): Generator<FileRecord> {
  for (let skip = 0; ; skip += PAGE) {
    const page = ctx.meta.listFilesInDropOrder(sharename, { skip, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
  }
}

/** Whether any file of a share with a download limit still has a download left. */
export function anyDownloadLeft(ctx: ServerContext, share: ShareRecord, limit: number): boolean {
  for (const file of filesOf(ctx, share.name)) {
    if (file.readystate !== 'removed' && file.downloads < limit) return true;
  }
  return false;
}

/** What the zip holds for one file: its bytes, or why it is left out. */
type Entry = { stream: Readable; size: number | null } | { missing: string };

const reasonOf = (err: unknown): string =>
  err instanceof ApiError ? err.message : 'it could not be read';

/**
 * Opens one file when the zip reaches it: counts the download, waits for the uploader of a
 * `remote` file, and returns a stream of its bytes (or the reason it is left out).
 */
async function openEntry(
  ctx: ServerContext,
  req: FastifyRequest,
  listed: FileRecord,
  signal: AbortSignal,
): Promise<Entry> {
  let file = ctx.meta.getFile(listed.sharename, listed.fileid);
  if (!file) return { missing: 'it was deleted' };
  if (file.readystate === 'removed') {
    return { missing: `it was removed${file.reason ? ` (${file.reason})` : ''}` };
  }
  try {
    if (
      file.readystate === 'remote' &&
      !(file.session && ctx.live.isSessionLive(file.ownerId, file.session))
    ) {
      fail('notUploadedYet');
    }
    countDownload(ctx, req, file);
    if (file.readystate === 'remote') {
      await ctx.live.waitForUpload(file, signal);
      file = ctx.meta.getFile(file.sharename, file.fileid);
      if (!file || file.readystate === 'removed' || file.readystate === 'remote') {
        return { missing: 'its upload did not start' };
      }
    }
  } catch (err) {
    if (signal.aborted) throw err;
    return { missing: reasonOf(err) };
  }
  if (file.readystate === 'uploaded' && file.blobKey) {
    return { stream: ctx.blobs.createReadStream(file.blobKey), size: file.size };
  }
  if (file.uploadKey) return { stream: ctx.blobs.createFollowStream(file.uploadKey), size: null };
  return { missing: 'its upload did not start' };
}

/** Resolves once `stream` ended, rejects on its error or when the downloader leaves. */
function drained(stream: Readable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      stream.destroy();
      reject(signal.reason as Error);
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    stream.once('end', () => {
      signal.removeEventListener('abort', stop);
      resolve();
    });
    stream.once('error', (err) => {
      signal.removeEventListener('abort', stop);
      reject(err);
    });
  });
}

/** The note added at the end when files could not go in, saying which and what to do. */
function missingNote(ctx: ServerContext, share: ShareRecord, missing: string[]): Buffer {
  const lines = [
    `${missing.length} file${missing.length === 1 ? ' is' : 's are'} not in this zip:`,
    '',
    ...missing,
    '',
    `Open the share link to see what is there now and download them one by one: ${ctx.urls.share(share.name)}`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** Writes every file of `share` into `zip`, one after the other, then ends it. */
async function fill(
  ctx: ServerContext,
  req: FastifyRequest,
  share: ShareRecord,
  zip: ZipFile,
  signal: AbortSignal,
): Promise<void> {
  const names = new EntryNames();
  const missing: string[] = [];
  for (const listed of filesOf(ctx, share.name)) {
    if (signal.aborted) return;
    const entry = await openEntry(ctx, req, listed, signal);
    if ('missing' in entry) {
      missing.push(`${listed.filename}: ${entry.missing}`);
      continue;
    }
    const { stream, size } = entry;
    zip.addReadStream(stream, names.next(listed.filename), {
      compress: false,
      mtime: new Date(listed.created * 1000),
      mode: 0o100644,
      // A size not known yet may pass 4 GiB: such entries are ZIP64 from the start.
      forceZip64Format: size === null || size >= ZIP64_FROM,
      ...(size === null ? {} : { size }),
    });
    await drained(stream, signal);
  }
  if (missing.length > 0) {
    zip.addBuffer(missingNote(ctx, share, missing), names.next('Not included.txt'), {
      compress: false,
      mtime: new Date(),
    });
  }
  zip.end();
}

/**
 * Answers a Download all of `sharename`: the API's `/1/shares/<s>/zip` and the recipient
 * page's share-scoped `/<s>/zip` (which carries a protected share's unlock cookie).
 */
export function sendZip(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  sharename: string,
): FastifyReply {
  const share = ctx.meta.getShare(sharename);
  if (!share) fail('shareNotFound');
  if (share.removed) fail('shareRemoved');
  // A protected share: its owner or an unlock (the same rule as every read, access.ts).
  const access = checkShareRead(ctx, req, share);
  const limit = share.maxDownloads;
  if (limit !== null && access !== 'owner' && !anyDownloadLeft(ctx, share, limit)) {
    fail('downloadLimitReached');
  }
  reply.header('content-type', 'application/zip');
  reply.header(
    'content-disposition',
    contentDisposition(`${safeEntryName(share.title ?? share.name)}.zip`),
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', 'private, no-store');
  if (req.method === 'HEAD') return reply.send();

  const zip = new ZipFile();
  // yazl's output is a PassThrough (its types say only ReadableStream).
  const output = zip.outputStream as PassThrough;
  zip.on('error', (err: Error) => output.destroy(err));
  const controller = new AbortController();
  const left = (): void => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the downloader left'));
  };
  reply.raw.once('close', left);
  fill(ctx, req, share, zip, controller.signal).catch((err: unknown) => {
    // A file that broke off mid-way (its upload was stopped) leaves a zip that cannot be
    // finished: the download fails, as a download of that file alone would.
    if (!controller.signal.aborted) {
      ctx.logger.warn('zip of a share broke off', {
        sharename: share.name,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    output.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply.send(output);
}

export function zipRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.route<{ Params: Params }>({
    method: ['GET', 'HEAD'],
    url: '/1/shares/:sharename/zip',
    exposeHeadRoute: false,
    handler: (req, reply) => sendZip(ctx, req, reply, req.params.sharename),
  });
}
