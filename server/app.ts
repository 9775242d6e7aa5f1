/**
 * buildServer(deps): the whole Ge.tt-compatible server as a Fastify instance, not listening.
 * index.ts listens; tests and the embedded host go through index.ts as well.
 */
import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { silentLogger } from '../shared/log.js';
import type { WireErrorBody } from '../shared/wireErrors.js';
import { BodyIdleWatch, DEFAULT_BODY_IDLE_SECONDS } from './bodyIdle.js';
import { createContext, type ServerContext, type ServerDeps } from './context.js';
import { ApiError, errorBody, errorTable, rawErrorResponse, type ErrorCode } from './errors.js';
import { DEFAULT_EXPIRY_SWEEP_MS, startExpirySweeper, type Sweeper } from './expiry.js';
import { noLiveHooks, type LiveHooks } from './hooks.js';
import { dropUnreadableContentType, redactUrl } from './http.js';
import { downloadRoutes } from './routes/download.js';
import { zipRoutes } from './routes/zip.js';
import { fileRoutes } from './routes/files.js';
import { shareRoutes } from './routes/shares.js';
import { uploadRoutes } from './routes/upload.js';
import { userRoutes } from './routes/users.js';
import { tusRoutes } from './tus/index.js';
import { webRoutes } from './web/routes.js';

export type { ServerConfig, ServerContext, ServerDeps, ServerExtension } from './context.js';
export type { LiveHooks } from './hooks.js';

/** JSON API bodies are small; anything larger is refused with a 413. */
const API_BODY_LIMIT = 1024 * 1024;

/** Seconds a client should wait before trying again, for errors that pass by themselves. */
const RETRY_AFTER: Partial<Record<ErrorCode, number>> = {
  tooManyAttempts: 15 * 60,
  serverClosing: 5,
  busy: 2,
  imageBusy: 2,
  notUploadedYet: 30,
};

/** Fastify's own 4xx errors, reworded as what the client should do. */
function frameworkError(err: FastifyError): { status: number } & WireErrorBody {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, error: errorTable.bodyTooLarge[1], code: 'bodyTooLarge' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        error: errorTable.contentLengthMismatch[1],
        code: 'contentLengthMismatch',
      };
    default:
      return {
        status: err.statusCode ?? 400,
        error: `${errorTable.invalidRequest[1]}: ${err.message}`,
        code: 'invalidRequest',
      };
  }
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const logger = deps.logger ?? silentLogger;
  const live: LiveHooks = { ...noLiveHooks, ...deps.live };
  const ctx: ServerContext = createContext(deps, live, logger);
  const extensions = (deps.extensions ?? []).map((make) => make(ctx));
  for (const ext of extensions) Object.assign(live, ext.hooks);

  const app = Fastify({
    logger: false,
    // Answers given before a route runs get the same {error, code} bodies as the routes'.
    frameworkErrors: (err, _req, reply) => {
      const code: ErrorCode =
        err.code === 'FST_ERR_BAD_URL'
          ? 'badUrl'
          : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? 'urlTooLong'
            : 'internal';
      void (reply as FastifyReply).code(errorTable[code][0]).send(errorBody(code));
    },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const code: ErrorCode =
        err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 'requestTimeout'
          : err.code === 'HPE_HEADER_OVERFLOW'
            ? 'headersTooLarge'
            : 'badHttpRequest';
      if (socket.writable) socket.write(rawErrorResponse(code));
      socket.destroy(err);
    },
    // Requests that arrive while the server closes get serverClosing (onRequest below).
    return503OnClosing: false,
    bodyLimit: API_BODY_LIMIT,
    trustProxy: deps.config.trustProxy ?? false,
    routerOptions: {
      maxParamLength: 8192,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
    },
    // Some clients reach the API through `/api/1/...` (the ge.tt web host's alias).
    rewriteUrl: (req) => (req.url?.startsWith('/api/1/') ? req.url.slice(4) : (req.url ?? '/')),
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) {
      if (err.status >= 500) logger.warn(err.message, { url: redactUrl(req.url) });
      const retryAfter = err.retryAfter ?? RETRY_AFTER[err.code];
      if (retryAfter !== undefined) reply.header('retry-after', retryAfter);
      return reply.code(err.status).send(errorBody(err.code, err.message));
    }
    if (err.statusCode !== undefined && err.statusCode < 500) {
      const { status, ...body } = frameworkError(err);
      return reply.code(status).send(body);
    }
    logger.error('request failed', {
      method: req.method,
      url: redactUrl(req.url),
      err: String(err.stack ?? err),
    });
    return reply.code(500).send(errorBody('internal'));
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(errorBody('notFound')));

  // Shutdown: stop uploads first so none is left half-written, then let requests drain.
  let closing = false;
  let sweeper: Sweeper | undefined;
  app.addHook('onReady', (done) => {
    sweeper = startExpirySweeper(ctx, deps.config.expirySweepMs ?? DEFAULT_EXPIRY_SWEEP_MS);
    done();
  });
  app.addHook('preClose', async () => {
    closing = true;
    await sweeper?.stop();
    ctx.uploads.abortAll('serverClosing');
    for (const ext of extensions) await ext.close?.();
  });

  const bodyIdle = new BodyIdleWatch(
    (deps.config.bodyIdleSeconds ?? DEFAULT_BODY_IDLE_SECONDS) * 1000,
  );
  app.addHook('onClose', (_app, done) => {
    bodyIdle.close();
    done();
  });
  app.addHook('onRequest', (req, reply, done) => {
    bodyIdle.watch(req.raw, reply.raw);
    if (closing) {
      // Pipelined or keep-alive requests still reach the server while it drains.
      void reply.header('connection', 'close');
      return done(new ApiError('serverClosing'));
    }
    dropUnreadableContentType(req);
    done();
  });
  void app.register(cookie, { secret: deps.config.secret.toString('hex') });

  // The REST API: every body is read as text and parsed as JSON whatever its Content-Type.
  void app.register((api, _opts, done) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    userRoutes(api, ctx);
    shareRoutes(api, ctx);
    fileRoutes(api, ctx);
    downloadRoutes(api, ctx);
    zipRoutes(api, ctx);
    done();
  });
  void app.register((blobs, _opts, done) => {
    uploadRoutes(blobs, ctx);
    done();
  });
  void app.register((tus) => tusRoutes(tus, ctx));
  void app.register((web, _opts, done) => {
    webRoutes(web, ctx);
    done();
  });
  for (const ext of extensions) {
    const register = ext.register;
    if (register) void app.register(async (scope) => register(scope));
  }
  return app;
}
