/**
 * Client for every REST endpoint of the Ge.tt API (shared/gett.ts types). It keeps the access
 * token in memory, refreshes it with the refresh token before it runs out or when the server
 * says it expired, and hands each new refresh token to `onRefreshToken` for safe keeping.
 */
import { z } from 'zod';
import {
  FileSchema,
  LoginResponseSchema,
  ShareSchema,
  SharesSchema,
  UploadUrlsSchema,
  UserSchema,
  type Credentials,
  type GettFile,
  type GettShare,
  type GettUser,
  type LoginResponse,
  type UploadUrls,
} from '../../shared/gett';
import { silentLogger, type Logger } from '../../shared/log';
import type { LinkOptions } from '../../shared/model';
import { ApiError, errorAnswer, errorFromResponse, unreachable } from './errors';
import { mapLimit } from './mapLimit';

export type { Credentials };

export interface ApiClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Called with every refresh token the server hands out, so it can be stored. */
  onRefreshToken?: (token: string) => void | Promise<void>;
  logger?: Logger;
  now?: () => number;
}

/** Files per `createmany` request (the server's limit) and creates in flight without it. */
const BATCH_MAX = 500;
const CREATE_PARALLEL = 16;
const FilesSchema = z.object({ files: z.array(FileSchema) });

/** Refresh this long before the server's expiry, so a call never races it. */
const EXPIRY_MARGIN_MS = 30_000;

export class ApiClient {
  readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly log: Logger;
  private readonly now: () => number;
  private access: { token: string; expiresAt: number } | null = null;
  private refreshToken: string | null = null;
  private refreshing: Promise<void> | null = null;
  private currentUser: GettUser | null = null;
  /** Whether the server takes `createmany`; false once it answered 404. */
  private batchCreate = true;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
    this.log = (options.logger ?? silentLogger).child('api');
    this.now = options.now ?? Date.now;
  }

  get user(): GettUser | null {
    return this.currentUser;
  }

  get signedIn(): boolean {
    return this.refreshToken !== null || this.access !== null;
  }

  /** Signs in with API key, email and password. */
  async login(creds: Credentials): Promise<LoginResponse> {
    return this.doLogin(creds, 'Sign-in');
  }

  /** Signs in with a stored refresh token. */
  async loginWithRefreshToken(refreshtoken: string): Promise<LoginResponse> {
    return this.doLogin({ refreshtoken }, 'Sign-in with the saved session');
  }

  /** Forgets all tokens; later calls fail as signed out. */
  signOut(): void {
    this.access = null;
    this.refreshToken = null;
    this.currentUser = null;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (this.access && this.access.expiresAt - EXPIRY_MARGIN_MS > this.now()) {
      return this.access.token;
    }
    await this.refresh();
    if (!this.access) throw new ApiError('unauthorized', 'Not signed in');
    return this.access.token;
  }

  /** Gets a new access token with the refresh token; concurrent callers share one request. */
  async refresh(): Promise<void> {
    if (!this.refreshToken) throw new ApiError('unauthorized', 'Not signed in');
    const token = this.refreshToken;
    this.refreshing ??= this.loginWithRefreshToken(token)
      .then(() => undefined)
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async me(): Promise<GettUser> {
    const user = await this.authed('GET', '/1/users/me', undefined, UserSchema, 'Loading account');
    this.currentUser = user;
    return user;
  }

  shares(): Promise<GettShare[]> {
    return this.authed('GET', '/1/shares', undefined, SharesSchema, 'Listing shares');
  }

  share(sharename: string): Promise<GettShare> {
    return this.request(
      'GET',
      `/1/shares/${enc(sharename)}`,
      undefined,
      ShareSchema,
      'Loading share',
    );
  }

  /** Creates a share; link options (expiry, download limit, password) only when given. */
  createShare(title?: string, links: LinkOptions = {}): Promise<GettShare> {
    const body = { ...(title ? { title } : {}), ...links };
    return this.authed('POST', '/1/shares/create', body, ShareSchema, 'Creating a share');
  }

  /** Sets, changes or clears a share's expiry, download limit and password. */
  setLinkOptions(sharename: string, links: LinkOptions): Promise<GettShare> {
    const path = `/1/shares/${enc(sharename)}/update`;
    return this.authed('POST', path, links, ShareSchema, 'Changing the link options');
  }

  updateShare(sharename: string, title: string | null): Promise<GettShare> {
    const path = `/1/shares/${enc(sharename)}/update`;
    return this.authed('POST', path, { title }, ShareSchema, 'Renaming the share');
  }

  async destroyShare(sharename: string): Promise<void> {
    const path = `/1/shares/${enc(sharename)}/destroy`;
    await this.authed('POST', path, undefined, null, 'Deleting the share');
  }

  createFile(sharename: string, filename: string, session?: string): Promise<GettFile> {
    const path = `/1/files/${enc(sharename)}/create`;
    const body = session ? { filename, session } : { filename };
    return this.authed('POST', path, body, FileSchema, `Creating ${filename}`);
  }

  /**
   * Creates files in the order given: one `createmany` request per 500 (the server's batch
   * extension), or one `create` per file, 16 in flight, on a server without it (404).
   */
  async createFiles(
    sharename: string,
    filenames: readonly string[],
    session?: string,
  ): Promise<GettFile[]> {
    if (this.batchCreate) {
      const path = `/1/files/${enc(sharename)}/createmany`;
      const created: GettFile[] = [];
      for (let i = 0; i < filenames.length; i += BATCH_MAX) {
        const files = filenames.slice(i, i + BATCH_MAX).map((filename) => ({ filename }));
        const body = session ? { files, session } : { files };
        const what = `Creating ${files.length === 1 ? files[0]!.filename : `${files.length} files`}`;
        try {
          created.push(...(await this.authed('POST', path, body, FilesSchema, what)).files);
        } catch (err) {
          // Only a first batch may fall back: later ones mean the route exists.
          if (i > 0 || !(err instanceof ApiError) || err.kind !== 'notFound') throw err;
          const one = await this.createFilesOneByOne(sharename, filenames, session);
          // The share exists (the creates worked), so the 404 was the missing extension.
          this.batchCreate = false;
          return one;
        }
      }
      return created;
    }
    return this.createFilesOneByOne(sharename, filenames, session);
  }

  private createFilesOneByOne(sharename: string, filenames: readonly string[], session?: string) {
    return mapLimit(filenames, CREATE_PARALLEL, (name) =>
      this.createFile(sharename, name, session),
    );
  }

  file(sharename: string, fileid: string): Promise<GettFile> {
    const path = `/1/files/${enc(sharename)}/${enc(fileid)}`;
    return this.request('GET', path, undefined, FileSchema, 'Loading file');
  }

  async destroyFile(sharename: string, fileid: string): Promise<void> {
    const path = `/1/files/${enc(sharename)}/${enc(fileid)}/destroy`;
    await this.authed('POST', path, undefined, null, 'Deleting the file');
  }

  /** Fresh upload URLs for a file, e.g. to restart an upload after a restart of the app. */
  uploadUrls(sharename: string, fileid: string): Promise<UploadUrls> {
    const path = `/1/files/${enc(sharename)}/${enc(fileid)}/upload`;
    return this.authed('GET', path, undefined, UploadUrlsSchema, 'Getting upload URLs');
  }

  private async doLogin(body: object, what: string): Promise<LoginResponse> {
    try {
      const res = await this.request('POST', '/1/users/login', body, LoginResponseSchema, what);
      this.access = { token: res.accesstoken, expiresAt: this.now() + res.expires * 1000 };
      this.refreshToken = res.refreshtoken;
      this.currentUser = res.user;
      await this.options.onRefreshToken?.(res.refreshtoken);
      return res;
    } catch (err) {
      if (err instanceof ApiError && ['unauthorized', 'forbidden', 'notFound'].includes(err.kind)) {
        // The server refused these credentials: a refresh token is gone for good.
        if ('refreshtoken' in body) this.signOut();
        throw err.as('refreshtoken' in body ? 'unauthorized' : 'credentials');
      }
      throw err;
    }
  }

  /** A call with `accesstoken`; retried once after a refresh when the token was refused. */
  private async authed<T>(
    method: string,
    path: string,
    body: unknown,
    schema: z.ZodType<T> | null,
    what: string,
  ): Promise<T> {
    const token = await this.accessToken();
    try {
      return await this.request(method, path, body, schema, what, token);
    } catch (err) {
      if (!(err instanceof ApiError) || !staleToken(err) || !this.refreshToken) throw err;
      this.log.info('access token refused; refreshing', { path });
      this.access = null;
      return this.request(method, path, body, schema, what, await this.accessToken());
    }
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    schema: z.ZodType<T> | null,
    what: string,
    token?: string,
  ): Promise<T> {
    const url = new URL(this.baseUrl + path);
    if (token) url.searchParams.set('accesstoken', token);
    let res: Response;
    try {
      res = await this.fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (err) {
      throw unreachable(this.baseUrl, err);
    }
    const text = await res.text().catch(() => '');
    if (res.status !== 200) throw errorFromResponse(res.status, errorAnswer(text), what);
    const json = parseJson(text);
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError('server', `${what}: the server sent an unexpected answer`, res.status);
    }
    return parsed.data;
  }
}

/** A refused access token; from a server without codes, a bare 403 may be one too. */
function staleToken(err: ApiError): boolean {
  return err.kind === 'unauthorized' || (err.kind === 'forbidden' && err.wireCode === undefined);
}

function enc(part: string): string {
  return encodeURIComponent(part);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
