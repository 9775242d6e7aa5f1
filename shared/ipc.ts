/**
 * The one IPC contract between main and renderer. Every command has a payload schema (main
 * validates with it) and a response type; every event has a payload type. The preload's API
 * and main's handlers are both typed from these maps.
 */
import { z } from 'zod';
import type { Credentials } from './gett';
import { LINK_FORMATS, type LinkFormat } from './linkText';
import type {
  AccountView,
  ConnectionStatus,
  DownloadNotice,
  DownloadView,
  UpdateView,
  DropResult,
  LinkOptions,
  Settings,
  ShareView,
  Toast,
  UploadProgress,
} from './model';

/** Declares a command: its payload schema and (type-only) its response. */
function command<Req extends z.ZodType, Res>(request: Req): { request: Req; response: Res } {
  // The response exists only in the type system; nothing reads it at run time.
  return { request, response: undefined as Res };
}

/** The longest default expiry a setting may hold: one year, in seconds. */
export const MAX_DEFAULT_EXPIRY = 365 * 86_400;
/** The largest download limit a share may ask for (the server's maximum). */
export const MAX_DOWNLOAD_LIMIT = 1_000_000;
/** The longest password a share may have (the server's maximum). */
export const MAX_SHARE_PASSWORD = 1000;

/** The upload speed cap's range in bytes per second (0 = no limit): 10 kB/s to 10 GB/s. */
export const UPLOAD_SPEED_LIMIT = { min: 10_000, max: 10_000_000_000 } as const;

const none = z.undefined();
const sharename = z.string().min(1).max(64);
const fileid = z.string().min(1).max(64);
const fileRef = z.object({ sharename, fileid }).strict();
const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/**
 * A share's link options: an absent field keeps its value, `null` clears it. The server checks
 * that `expires` is in the future and within its maximum; the password is passed on to the
 * server and kept nowhere by the app.
 */
export const LinkOptionsSchema = z
  .object({
    expires: z.number().int().min(0).max(253_402_300_799).nullable(),
    maxdownloads: z.number().int().min(1).max(MAX_DOWNLOAD_LIMIT).nullable(),
    password: z.string().max(MAX_SHARE_PASSWORD).nullable(),
  })
  .partial()
  .strict();

export const SettingsPatchSchema = z
  .object({
    server: z
      .object({
        mode: z.enum(['embedded', 'remote']),
        url: z.string().max(2048),
        port: z.number().int().min(0).max(65535),
        address: z.string().max(255),
        embeddedEnabled: z.boolean(),
      })
      .partial()
      .strict(),
    uploadConcurrency: z.number().int().min(1).max(8),
    uploadSpeedLimit: z
      .number()
      .int()
      .min(0)
      .max(UPLOAD_SPEED_LIMIT.max)
      .refine(
        (n) => n === 0 || n >= UPLOAD_SPEED_LIMIT.min,
        `must be 0 (no limit) or at least ${UPLOAD_SPEED_LIMIT.min} bytes per second`,
      ),
    notifications: z.boolean(),
    globalShortcut: z.string().max(64),
    screenshotShortcut: z.string().max(64),
    launchAtLogin: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    defaultExpiry: z.number().int().min(0).max(MAX_DEFAULT_EXPIRY),
    defaultMaxDownloads: z.number().int().min(0).max(MAX_DOWNLOAD_LIMIT),
    askPasswordOnDrop: z.boolean(),
    encryptShares: z.boolean(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const invokeContract = {
  'account:get': command<typeof none, AccountView>(none),
  'account:signInRemote': command<z.ZodType<RemoteSignIn>, AccountView>(
    z
      .object({
        url: httpUrl,
        apikey: z.string().min(1).max(256),
        email: z.string().min(1).max(320),
        password: z.string().min(1).max(1024),
      })
      .strict(),
  ),
  'account:useEmbedded': command<typeof none, AccountView>(none),
  'account:signOut': command<typeof none, AccountView>(none),

  'shares:list': command<typeof none, ShareView[]>(none),
  'shares:drop': command<z.ZodType<DropRequest>, DropResult>(
    z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
        sharename: sharename.optional(),
        encrypt: z.boolean().optional(),
        links: LinkOptionsSchema.optional(),
      })
      .strict(),
  ),
  'shares:chooseFiles': command<
    z.ZodType<{ sharename?: string | undefined; encrypt?: boolean | undefined }>,
    DropResult | null
  >(z.object({ sharename: sharename.optional(), encrypt: z.boolean().optional() }).strict()),
  'shares:shareClipboard': command<typeof none, DropResult | null>(none),
  'shares:rename': command<z.ZodType<{ sharename: string; title: string | null }>, ShareView>(
    z.object({ sharename, title: z.string().max(256).nullable() }).strict(),
  ),
  'shares:setLinks': command<z.ZodType<SetLinksRequest>, ShareView>(
    z.object({ sharename, links: LinkOptionsSchema }).strict(),
  ),
  'shares:delete': command<z.ZodType<{ sharename: string }>, void>(
    z.object({ sharename }).strict(),
  ),
  'files:delete': command<z.ZodType<{ sharename: string; fileid: string }>, void>(fileRef),

  'uploads:pause': command<z.ZodType<{ sharename: string; fileid: string }>, void>(fileRef),
  'uploads:resume': command<z.ZodType<{ sharename: string; fileid: string }>, void>(fileRef),
  'uploads:cancel': command<z.ZodType<{ sharename: string; fileid: string }>, void>(fileRef),
  'uploads:retry': command<z.ZodType<{ sharename: string; fileid: string }>, void>(fileRef),
  'uploads:pauseAll': command<typeof none, void>(none),
  'uploads:resumeAll': command<typeof none, void>(none),

  'live:status': command<typeof none, ConnectionStatus>(none),

  'links:copy': command<z.ZodType<{ text: string }>, void>(
    z.object({ text: z.string().min(1).max(1_000_000) }).strict(),
  ),
  /** Copies a share's or a file's link in one form; answers with the text copied. */
  'links:copyAs': command<z.ZodType<CopyAsRequest>, string>(
    z
      .object({ sharename, fileid: fileid.optional(), format: z.enum(LINK_FORMATS) })
      .strict()
      .refine((r) => !(r.format === 'all' && r.fileid !== undefined), {
        message: '"all" copies a share\'s links, so it takes no fileid',
      }),
  ),
  'links:open': command<z.ZodType<{ url: string }>, void>(z.object({ url: httpUrl }).strict()),

  'downloads:list': command<typeof none, DownloadView[]>(none),
  'update:get': command<typeof none, UpdateView>(none),
  'update:restart': command<typeof none, UpdateView>(none),

  'settings:get': command<typeof none, Settings>(none),
  'settings:set': command<z.ZodType<SettingsPatch>, Settings>(SettingsPatchSchema),
} as const;

/** A remote sign-in: the server's URL and the credentials for it. */
export interface RemoteSignIn extends Credentials {
  url: string;
}

/** Which link to copy (a share's, or one of its files' with fileid) and in which form. */
export interface CopyAsRequest {
  sharename: string;
  fileid?: string | undefined;
  format: LinkFormat;
}

export interface DropRequest {
  paths: string[];
  sharename?: string | undefined;
  /** Encrypt a new share end to end; absent: the Settings default. */
  encrypt?: boolean | undefined;
  /** For a new share: laid over Settings' defaults. Ignored when dropping into a share. */
  links?: LinkOptions | undefined;
}

export interface SetLinksRequest {
  sharename: string;
  links: LinkOptions;
}

export type InvokeContract = typeof invokeContract;
export type InvokeChannel = keyof InvokeContract;
/** The payload of a command, as validated (inputs and outputs of these schemas are alike). */
export type InvokeRequest<K extends InvokeChannel> = z.output<InvokeContract[K]['request']>;
export type InvokeResponse<K extends InvokeChannel> = InvokeContract[K]['response'];
export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];

/** Events main pushes to the renderer. */
export interface EventContract {
  'account:changed': AccountView;
  'shares:changed': ShareView[];
  'uploads:progress': UploadProgress;
  'live:status': ConnectionStatus;
  'live:download': DownloadNotice;
  'settings:changed': Settings;
  'toast:show': Toast;
  /** Downloads of gett:// links: progress, then finished or failed. */
  'downloads:changed': DownloadView[];
  /** The app's own update: downloading, ready to restart, waiting for uploads. */
  'update:changed': UpdateView;
}
export type EventChannel = keyof EventContract;
export const eventChannels: readonly EventChannel[] = [
  'account:changed',
  'shares:changed',
  'uploads:progress',
  'live:status',
  'live:download',
  'settings:changed',
  'toast:show',
  'downloads:changed',
  'update:changed',
];

/** Why a command failed, as it crosses IPC: a stable code and a message meant for people. */
export interface IpcFailure {
  code: string;
  message: string;
}

/**
 * What every command answers across IPC and the preload's context bridge. Both copy plain data
 * but only the message of an Error (Electron drops `code` and every other own property), so a
 * failure travels as data and becomes an `IpcError` again on the renderer's side.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcFailure };

/** Error a failed command carries; the message is meant for people, the code for the app. */
export class IpcError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

/** Runs a command and answers with its result envelope; never rejects. */
export async function settle<T>(run: () => Promise<T>): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof IpcError)
      return { ok: false, error: { code: err.code, message: err.message } };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'unknown', message: message || 'Something went wrong.' } };
  }
}

/** The value of a result envelope, or its failure thrown as an `IpcError`. */
export function unwrap<T>(result: IpcResult<T>): T {
  if (result && typeof result === 'object' && result.ok === true) return result.value;
  if (result && typeof result === 'object' && result.ok === false) {
    throw new IpcError(result.error.message, result.error.code);
  }
  throw new IpcError('The app answered in a form this window does not know.', 'invalid-response');
}

type UnwrappedFn<F> = F extends (...args: infer A) => Promise<IpcResult<infer R>>
  ? (...args: A) => Promise<R>
  : F;

/** An API of feature objects whose commands resolve to their values, not envelopes. */
export type Unwrapped<A> = { [G in keyof A]: { [M in keyof A[G]]: UnwrappedFn<A[G][M]> } };

/**
 * Wraps a feature-object API (the preload's) so every function that returns a promise of a
 * result envelope resolves to the value or rejects with an `IpcError` carrying the code.
 * Functions that return no promise (subscriptions, file paths) pass through unchanged.
 */
export function unwrapApi<A extends object>(api: A): Unwrapped<A> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [group, members] of Object.entries(api) as [string, Record<string, unknown>][]) {
    const wrapped: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(members)) {
      wrapped[name] =
        typeof member === 'function'
          ? (...args: unknown[]) => {
              const r: unknown = (member as (...a: unknown[]) => unknown)(...args);
              return isThenable(r) ? r.then((v) => unwrap(v as IpcResult<unknown>)) : r;
            }
          : member;
    }
    out[group] = wrapped;
  }
  return out as Unwrapped<A>;
}

// A promise proxied by the context bridge is made in the page's world; test for `then`.
function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}
