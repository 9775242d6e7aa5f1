/**
 * Recipient pages as a server extension: `/<sharename>`, `/<sharename>/v/<fileid>` and the
 * JSON they poll for live progress, `/<sharename>/progress`. Share names never collide with
 * the server's own top-level paths (RESERVED_NAMES), and static routes win over these.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { ServerContext, ServerExtension } from '../context.js';
import { errorBody } from '../errors.js';
import type { FileRecord } from '../storage/types.js';
import { SERVICE_WORKER, encryptedBody, isEncryptedShare } from './e2ee.js';
import { filePage, layout, problemPage, sharePage, type FileItem } from './render.js';
import { LIVE_SCRIPT } from './script.js';
import { fileStatus, formatSize } from './status.js';

type ShareParams = { sharename: string };
type FileParams = ShareParams & { fileid: string };

const enc = encodeURIComponent;

function send(reply: FastifyReply, status: number, html: string, nonce: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      `default-src 'none'; img-src 'self' data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    )
    .send(html);
}

async function item(ctx: ServerContext, file: FileRecord): Promise<FileItem> {
  const api = `/1/files/${enc(file.sharename)}/${enc(file.fileid)}/blob`;
  return {
    filename: file.filename,
    status: await fileStatus(ctx, file),
    pageUrl: `/${enc(file.sharename)}/v/${enc(file.fileid)}`,
    thumbUrl: `${api}/thumb`,
    downloadUrl: `${api}?download`,
  };
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
      const shareOr = (reply: FastifyReply, name: string, nonce: string) => {
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
          send(
            reply,
            410,
            problemPage('Files removed', 'These files have been removed by the owner.', nonce),
            nonce,
          );
          return undefined;
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
        const share = shareOr(reply, req.params.sharename, nonce);
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
            .map((f) => item(ctx, f)),
        );
        const html = sharePage(
          {
            title: share.title ?? 'Shared files',
            link,
            qrSvg: await qr(link),
            progressUrl: `/${enc(share.name)}/progress?page=${n}`,
            zipUrl: `/1/shares/${enc(share.name)}/zip`,
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
        const share = shareOr(reply, req.params.sharename, nonce);
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
            file: await item(ctx, file),
            shareUrl: `/${enc(share.name)}`,
            previewUrl: `/1/files/${enc(file.sharename)}/${enc(file.fileid)}/blob/scale?size=1200x1200`,
          },
          nonce,
          LIVE_SCRIPT,
        );
        return send(reply, 200, html, nonce);
      });

      // Links from before February 2012 had no `/v/` (gett-api.md §4.3).
      app.get<{ Params: FileParams }>('/:sharename/:fileid', (req, reply) =>
        reply.redirect(`/${enc(req.params.sharename)}/v/${enc(req.params.fileid)}`, 301),
      );

      app.get<{ Params: ShareParams }>('/:sharename/progress', async (req, reply) => {
        const share = ctx.meta.getShare(req.params.sharename);
        if (!share) return reply.code(404).send(errorBody('shareNotFound'));
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
        const statuses = await Promise.all(files.map((f) => fileStatus(ctx, f)));
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
