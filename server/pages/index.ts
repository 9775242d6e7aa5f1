/**
 * Recipient pages as a server extension: `/<sharename>`, `/<sharename>/v/<fileid>` and the
 * JSON they poll for live progress, `/<sharename>/progress`. Share names never collide with
 * the server's own top-level paths (RESERVED_NAMES), and static routes win over these.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { lockedError, setUnlockCookie, shareAccess, unlockShare, waitText } from '../access.js';
import type { ServerContext, ServerExtension } from '../context.js';
import { ApiError, errorBody } from '../errors.js';
import { blobRedirect, blobVariant } from '../routes/download.js';
import { anyDownloadLeft, sendZip } from '../routes/zip.js';
import type { FileRecord, ShareRecord } from '../storage/types.js';
import { sameOrigin } from '../web/routes.js';
import { SERVICE_WORKER, encryptedBody, isEncryptedShare } from './e2ee.js';
import { filePage, layout, passwordPage, problemPage, sharePage, type FileItem } from './render.js';
import { LIVE_SCRIPT } from './script.js';
import { fileStatus, formatSize } from './status.js';

type ShareParams = { sharename: string };
type FileParams = ShareParams & { fileid: string };

const enc = encodeURIComponent;

function send(
  reply: FastifyReply,
  status: number,
  html: string,
  nonce: string,
  /**
   * Only the password page posts a form (to this server); its posts carry the page's Origin
   * (under `no-referrer` a browser sends `Origin: null`, which the check refuses).
   */
  forms = false,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', forms ? 'same-origin' : 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      `default-src 'none'; img-src 'self' data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action ${forms ? "'self'" : "'none'"}; frame-ancestors 'none'`,
    )
    .send(html);
}

/**
 * Where a page's links to a file's bytes go: the API's `/blob` for an open share; for a
 * protected one the share-scoped `/<s>/v/<f>/blob`, which the unlock cookie (Path of the
 * share) reaches.
 */
function blobBase(share: ShareRecord, file: FileRecord): string {
  return share.passwordHash === null
    ? `/1/files/${enc(file.sharename)}/${enc(file.fileid)}/blob`
    : `/${enc(file.sharename)}/v/${enc(file.fileid)}/blob`;
}

async function item(ctx: ServerContext, share: ShareRecord, file: FileRecord): Promise<FileItem> {
  const api = blobBase(share, file);
  return {
    filename: file.filename,
    status: await fileStatus(ctx, file, share.maxDownloads),
    pageUrl: `/${enc(file.sharename)}/v/${enc(file.fileid)}`,
    thumbUrl: `${api}/thumb`,
    downloadUrl: `${api}?download`,
  };
}

/** The page a password form returns to: a page of this share, never another site. */
function nextPage(share: ShareRecord, raw: unknown): string {
  const home = `/${enc(share.name)}`;
  if (typeof raw !== 'string' || raw.length > 2000) return home;
  return raw === home || (raw.startsWith(`${home}/`) && !raw.startsWith('//')) ? raw : home;
}

/** Files a share page shows at once: big shares get Previous/Next links instead. */
export const FILES_PER_PAGE = 100;

/** `?page=N` (1-based), clamped to the pages there are; anything else is page 1. */
function pageOf(query: unknown, pages: number): number {
  const raw = (query as { page?: unknown } | undefined)?.page;
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(1, n), Math.max(1, pages));
}

const qr = (text: string): Promise<string> =>
  QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

/** The pages extension; goes into `ServerDeps.extensions`. */
export function recipientPages(): ServerExtension {
  return (ctx) => ({
    register: (app) => {
      /** The share, or a page saying why there is none (sent, and undefined returned). */
      const shareOr = (
        req: FastifyRequest,
        reply: FastifyReply,
        name: string,
        nonce: string,
      ): ShareRecord | undefined => {
        const share = ctx.meta.getShare(name);
        if (!share) {
          send(
            reply,
            404,
            problemPage(
              'Share not found',
              'Nothing is shared at this link. Check that it was copied completely.',
              nonce,
            ),
            nonce,
          );
          return undefined;
        }
        if (share.removed) {
          // Expired or removed: said plainly, and nothing about what the share held.
          const expired = share.expires !== null && share.expires <= Date.now() / 1000;
          send(
            reply,
            410,
            expired
              ? problemPage(
                  'This link has expired',
                  'The files shared here are no longer available. Ask the sender to share them again.',
                  nonce,
                )
              : problemPage('Files removed', 'These files have been removed by the owner.', nonce),
            nonce,
          );
          return undefined;
        }
        if (shareAccess(ctx, req, share) === 'locked') {
          const form = { action: `/${enc(share.name)}/unlock`, next: nextPage(share, req.url) };
          send(reply, 401, passwordPage(form, nonce), nonce, true);
          return undefined;
        }
        const limit = share.maxDownloads;
        if (limit !== null && ctx.meta.fileTotals(share.name).files > 0) {
          if (!anyDownloadLeft(ctx, share, limit)) {
            send(
              reply,
              410,
              problemPage(
                'Download limit reached',
                'These files have been downloaded as many times as the sender allowed. Ask the sender to share them again.',
                nonce,
              ),
              nonce,
            );
            return undefined;
          }
        }
        return share;
      };

      /** An encrypted share's page: the browser decrypts (see e2ee.ts). */
      const encrypted = (name: string) =>
        isEncryptedShare(ctx.meta.listFilesInDropOrder(name, { skip: 0, limit: 1 })[0]);
      const encryptedPage = (
        reply: FastifyReply,
        name: string,
        fileid: string | null,
        nonce: string,
      ) =>
        send(
          reply,
          200,
          layout('Encrypted files', encryptedBody(name, fileid, nonce), nonce),
          nonce,
        );

      app.get('/_e2ee/sw.js', (_req, reply) =>
        reply
          .header('content-type', 'text/javascript; charset=utf-8')
          .header('cache-control', 'no-cache')
          .header('x-content-type-options', 'nosniff')
          .send(SERVICE_WORKER),
      );
      app.get('/_e2ee/dl/:job', (_req, reply) =>
        reply.code(404).send({
          error:
            'This download is made by the page in your browser: go back to the share page and press Download again.',
          code: 'notFound',
        }),
      );

      app.get<{ Params: ShareParams }>('/:sharename', async (req, reply) => {
        const nonce = randomBytes(16).toString('base64');
        const share = shareOr(req, reply, req.params.sharename, nonce);
        if (!share) return reply;
        if (encrypted(share.name)) return encryptedPage(reply, share.name, null, nonce);
        const link = ctx.urls.share(share.name);
        const totals = ctx.meta.fileTotals(share.name);
        const pages = Math.ceil(totals.files / FILES_PER_PAGE);
        const n = pageOf(req.query, pages);
        const skip = (n - 1) * FILES_PER_PAGE;
        const files = await Promise.all(
          ctx.meta
            .listFilesInDropOrder(share.name, { skip, limit: FILES_PER_PAGE })
            .map((f) => item(ctx, share, f)),
        );
        const html = sharePage(
          {
            title: share.title ?? 'Shared files',
            link,
            qrSvg: await qr(link),
            progressUrl: `/${enc(share.name)}/progress?page=${n}`,
            zipUrl:
              share.passwordHash === null
                ? `/1/shares/${enc(share.name)}/zip`
                : `/${enc(share.name)}/zip`,
            expires: share.expires,
            files,
            pager: {
              page: n,
              pages,
              first: skip + 1,
              totalFiles: totals.files,
              totalBytes: totals.bytes,
              url: (p) => (p === 1 ? `/${enc(share.name)}` : `/${enc(share.name)}?page=${p}`),
            },
          },
          nonce,
          LIVE_SCRIPT,
        );
        return send(reply, 200, html, nonce);
      });

      app.get<{ Params: FileParams }>('/:sharename/v/:fileid', async (req, reply) => {
        const nonce = randomBytes(16).toString('base64');
        const share = shareOr(req, reply, req.params.sharename, nonce);
        if (!share) return reply;
        const file = ctx.meta.getFile(share.name, req.params.fileid);
        if (!file) {
          const html = problemPage(
            'File not found',
            'This share has no such file; it may have been deleted.',
            nonce,
            { href: `/${enc(share.name)}`, text: 'The share link shows what is left.' },
          );
          return send(reply, 404, html, nonce);
        }
        if (encrypted(share.name)) return encryptedPage(reply, share.name, file.fileid, nonce);
        const link = ctx.urls.file(file.sharename, file.fileid);
        const html = filePage(
          {
            title: file.filename,
            link,
            qrSvg: await qr(link),
            progressUrl: `/${enc(share.name)}/progress?file=${enc(file.fileid)}`,
            files: [],
            file: await item(ctx, share, file),
            shareUrl: `/${enc(share.name)}`,
            previewUrl: `${blobBase(share, file)}/scale?size=1200x1200`,
            expires: share.expires,
          },
          nonce,
          LIVE_SCRIPT,
        );
        return send(reply, 200, html, nonce);
      });

      // A protected share's file links and Download all, under the share's path so its
      // unlock cookie comes along; the same rule and counting as the API's (access.ts).
      app.get<{ Params: FileParams }>('/:sharename/v/:fileid/blob', (req, reply) =>
        blobRedirect(ctx, req, reply, req.params.sharename, req.params.fileid, ''),
      );
      app.get<{ Params: FileParams & { '*': string } }>(
        '/:sharename/v/:fileid/blob/*',
        (req, reply) =>
          blobRedirect(
            ctx,
            req,
            reply,
            req.params.sharename,
            req.params.fileid,
            blobVariant(req, req.params['*']),
          ),
      );
      app.route<{ Params: ShareParams }>({
        method: ['GET', 'HEAD'],
        url: '/:sharename/zip',
        exposeHeadRoute: false,
        handler: (req, reply) => sendZip(ctx, req, reply, req.params.sharename),
      });

      // The password form: checked like the other forms (Origin), counted like the API's
      // unlock; a right password sets the share's HttpOnly cookie and returns to the page.
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 8 * 1024 },
        (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      app.post<{ Params: ShareParams }>('/:sharename/unlock', async (req, reply) => {
        const nonce = randomBytes(16).toString('base64');
        const name = req.params.sharename;
        const share = ctx.meta.getShare(name);
        const fields = (req.body ?? {}) as Record<string, unknown>;
        const again = (status: number, error: string) => {
          const form = {
            action: `/${enc(name)}/unlock`,
            next: nextPage(share!, fields.next),
            error,
          };
          return send(reply, status, passwordPage(form, nonce), nonce, true);
        };
        if (!sameOrigin(ctx, req)) {
          const err = new ApiError('crossOrigin');
          return send(reply, err.status, problemPage('Not sent', err.message, nonce), nonce);
        }
        if (!share || share.removed || share.passwordHash === null) {
          // Nothing to unlock: the page says what there is (not found, expired, open).
          return reply.redirect(`/${enc(name)}`, 303);
        }
        try {
          const { unlocktoken } = await unlockShare(ctx, share, fields.password, req.ip);
          setUnlockCookie(ctx, req, reply, share.name, unlocktoken);
          return reply.redirect(nextPage(share, fields.next), 303);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          if (err.code === 'wrongSharePassword') {
            return again(
              401,
              'Wrong password. Check it with the person who sent you the link, then try again.',
            );
          }
          if (err.code === 'tooManyUnlocks') {
            const wait = err.retryAfter ?? 60;
            reply.header('retry-after', wait);
            return again(
              429,
              `Too many wrong passwords for this share. Try again in ${waitText(wait)}.`,
            );
          }
          if (err.code === 'busy') {
            reply.header('retry-after', 2);
            return again(
              503,
              'The server is busy checking other passwords. Try again in a few seconds.',
            );
          }
          if (err.code === 'invalidField')
            return again(400, 'Enter the password, then press Unlock.');
          // Removed or changed meanwhile: the page says what there is now.
          return reply.redirect(`/${enc(name)}`, 303);
        }
      });

      // Links from before February 2012 had no `/v/` (gett-api.md §4.3).
      app.get<{ Params: FileParams }>('/:sharename/:fileid', (req, reply) =>
        reply.redirect(`/${enc(req.params.sharename)}/v/${enc(req.params.fileid)}`, 301),
      );

      app.get<{ Params: ShareParams }>('/:sharename/progress', async (req, reply) => {
        const share = ctx.meta.getShare(req.params.sharename);
        if (!share) return reply.code(404).send(errorBody('shareNotFound'));
        if (!share.removed && shareAccess(ctx, req, share) === 'locked') throw lockedError(req);
        // One page of the share page, or the one file of a file page: never the whole share.
        const query = req.query as { file?: unknown } | undefined;
        let files: FileRecord[] = [];
        if (share.removed) {
          // Nothing left to report.
        } else if (typeof query?.file === 'string') {
          const file = ctx.meta.getFile(share.name, query.file);
          if (file) files = [file];
        } else {
          const pages = Math.ceil(ctx.meta.fileTotals(share.name).files / FILES_PER_PAGE);
          const skip = (pageOf(req.query, pages) - 1) * FILES_PER_PAGE;
          files = ctx.meta.listFilesInDropOrder(share.name, { skip, limit: FILES_PER_PAGE });
        }
        const statuses = await Promise.all(
          files.map((f) => fileStatus(ctx, f, share.maxDownloads)),
        );
        reply.header('cache-control', 'no-store');
        return {
          files: statuses.map((s) => ({
            ...s,
            sizeText: s.size === null ? '' : formatSize(s.size),
          })),
        };
      });
    },
  });
}
