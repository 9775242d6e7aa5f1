/**
 * F5–F7: `/blob`, `/blob/thumb` and `/blob/scale` redirect to signed, expiring URLs; the
 * signed URL serves the bytes. Uploaded files support Range; files still uploading stream as
 * they grow; `remote` files wait for their uploader through the live hooks.
 */
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mime from 'mime-types';
import { checkShareRead, isShareOwner } from '../access.js';
import type { ServerContext } from '../context.js';
import { fail } from '../errors.js';
import { queryFlag, queryParam } from '../http.js';
import type { FileRecord } from '../storage/types.js';
import type { BlobVariant } from '../urls.js';
import { safeName } from '../urls.js';
import { isLinkPreviewBot } from '../live/bots.js';
import { findFile } from './files.js';
import { THUMB_SIZE, imageVariant, parseSize, sizeText } from './images.js';

type Params = { sharename: string; fileid: string };

/** Types a browser would run as a page; served as text so uploads cannot script our origin. */
const ACTIVE =
  /^(text\/html|application\/xhtml|image\/svg|text\/xml|application\/xml|text\/javascript|application\/javascript)/;

function contentType(filename: string): string {
  const type = mime.lookup(filename) || 'application/octet-stream';
  if (ACTIVE.test(type)) return 'text/plain; charset=utf-8';
  const charset = mime.charset(type);
  return charset ? `${type}; charset=${charset.toLowerCase()}` : type;
}

function setBlobHeaders(reply: FastifyReply, file: FileRecord, type: string, attach: boolean) {
  reply.header('content-type', type);
  reply.header(
    'content-disposition',
    contentDisposition(safeName(file.filename), { type: attach ? 'attachment' : 'inline' }),
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header(
    'content-security-policy',
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  );
  reply.header('cache-control', 'private, max-age=0');
}

/** A single `bytes=` range of a file of `size` bytes; undefined means "send it all". */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined; // Several ranges or another unit: the whole file is a valid answer.
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return undefined;
  let start: number;
  let end: number;
  if (a === '') {
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start > end || start >= size) fail('badRange');
  return { start, end };
}

/** Which image variant a `/blob/...` path asks for. */
function variantOf(req: FastifyRequest, rest: string): BlobVariant {
  if (rest === 'thumb') return 'thumb';
  if (rest === 'scale') return `scale:${sizeText(parseSize(queryParam(req, 'size')))}`;
  const sized = /^(?:scale\/)?([^/]*)$/.exec(rest);
  if (sized) return `scale:${sizeText(parseSize(sized[1]))}`;
  fail('notFound');
}

async function serveBytes(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  start: FileRecord,
) {
  let file = start;
  const attach = queryFlag(req, 'download');
  if (file.readystate === 'remote') {
    // The response closing before it was sent is what "the downloader left" looks like.
    const controller = new AbortController();
    const left = (): void => {
      if (!reply.raw.writableFinished) controller.abort(new Error('the downloader left'));
    };
    reply.raw.once('close', left);
    try {
      await ctx.live.waitForUpload(file, controller.signal);
    } finally {
      reply.raw.off('close', left);
    }
    file = findFile(ctx, file.sharename, file.fileid);
  }
  if (file.readystate === 'removed') fail('fileRemoved', file.reason ?? undefined);
  if (file.readystate === 'remote') fail('notUploadedYet');
  const type = contentType(file.filename);
  const head = req.method === 'HEAD';

  if (file.blobKey && file.readystate === 'uploaded') {
    const size = file.size ?? (await ctx.blobs.size(file.blobKey)) ?? 0;
    const range = parseRange(req.headers.range, size);
    setBlobHeaders(reply, file, type, attach);
    reply.header('accept-ranges', 'bytes');
    reply.header('etag', `"${file.blobKey}"`);
    if (range) {
      reply.code(206);
      reply.header('content-range', `bytes ${range.start}-${range.end}/${size}`);
    }
    reply.header('content-length', range ? range.end - range.start + 1 : size);
    if (head) return reply.send();
    return reply.send(ctx.blobs.createReadStream(file.blobKey, range ?? {}));
  }

  if (!file.uploadKey) fail('notUploadedYet');
  // Still arriving: stream what is there and follow the upload to its end.
  setBlobHeaders(reply, file, type, attach);
  if (file.size !== null) reply.header('content-length', file.size);
  if (head) return reply.send();
  return reply.send(ctx.blobs.createFollowStream(file.uploadKey));
}

/** Whether the request carries the owner's own access token. */
export const isOwner = isShareOwner;

/**
 * Counts a download of `file` by the rules of `/blob` and tells the owner's live connections
 * (`download`): HEAD and link-preview bots neither count nor tell, `?noinc` tells without
 * counting, and on a share with a download limit each counted download uses one up
 * (atomically) while the owner's own never do. Past the limit it throws
 * `downloadLimitReached`, for the free kinds too (they would get around it).
 */
export function countDownload(ctx: ServerContext, req: FastifyRequest, file: FileRecord): void {
  const preview = req.method === 'HEAD' || isLinkPreviewBot(req.headers['user-agent']);
  let increment = !preview && !queryFlag(req, 'noinc');
  const limit = ctx.meta.getShare(file.sharename)?.maxDownloads ?? null;
  if (limit !== null && !isOwner(ctx, req, file.ownerId)) {
    if (increment) {
      if (!ctx.meta.consumeDownload(file.sharename, file.fileid, limit)) {
        fail('downloadLimitReached');
      }
    } else if (file.downloads >= limit) fail('downloadLimitReached');
  } else if (limit !== null) {
    increment = false;
  } else if (increment) ctx.meta.incrementDownloads(file.sharename, file.fileid);
  if (!preview) ctx.live.onDownloadStart(file, { increment });
}

/**
 * `/blob` and its thumb and scale: the access rule (a protected share needs its owner or an
 * unlock), then for the bytes the download's count and live event (`countDownload`), then a
 * redirect to a signed link. The API's `/1/files/...` routes and the recipient pages'
 * share-scoped links (which carry the unlock cookie) both answer through this.
 */
export function blobRedirect(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  sharename: string,
  fileid: string,
  variant: BlobVariant,
) {
  const file = findFile(ctx, sharename, fileid);
  const share = ctx.meta.getShare(file.sharename);
  // Locked before anything else is told (removed, used up): a stranger learns nothing more,
  // and the owner's app hears of no download.
  if (share) checkShareRead(ctx, req, share);
  if (file.readystate === 'removed') fail('fileRemoved', file.reason ?? undefined);
  if (variant === '') {
    if (
      file.readystate === 'remote' &&
      !(file.session && ctx.live.isSessionLive(file.ownerId, file.session))
    ) {
      fail('notUploadedYet');
    }
    countDownload(ctx, req, file);
  }
  return reply.redirect(ctx.urls.download(file, variant, queryFlag(req, 'download')), 302);
}

/** Which image variant a `/blob/...` path asks for (`thumb`, `scale?size=`, `scale/WxH`, `WxH`). */
export function blobVariant(req: FastifyRequest, rest: string): BlobVariant {
  return variantOf(req, rest);
}

export function downloadRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const redirect = (
    req: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    variant: BlobVariant,
  ) => blobRedirect(ctx, req, reply, req.params.sharename, req.params.fileid, variant);

  app.get<{ Params: Params }>('/1/files/:sharename/:fileid/blob', (req, reply) =>
    redirect(req, reply, ''),
  );
  app.get<{ Params: Params & { '*': string } }>(
    '/1/files/:sharename/:fileid/blob/*',
    (req, reply) => redirect(req, reply, variantOf(req, req.params['*'])),
  );

  // HEAD is handled here rather than by Fastify's automatic HEAD, which would read the file.
  app.route<{ Params: Params & { name: string } }>({
    method: ['GET', 'HEAD'],
    url: '/1/blobs/:sharename/:fileid/:name',
    exposeHeadRoute: false,
    handler: async (req, reply) => {
      const { sharename, fileid } = req.params;
      const variant = queryParam(req, 'variant') ?? '';
      ctx.urls.checkDownload(
        sharename,
        fileid,
        variant,
        queryParam(req, 'exp'),
        queryParam(req, 'sig'),
      );
      const file = findFile(ctx, sharename, fileid);
      if (variant === '') return serveBytes(ctx, req, reply, file);
      const size = variant === 'thumb' ? THUMB_SIZE : parseSize(variant.replace(/^scale:/, ''));
      const image = await imageVariant(ctx, file, size);
      reply.header('content-type', image.type);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'private, max-age=86400');
      return reply.send(image.stream);
    },
  });
}
