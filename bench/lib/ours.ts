/**
 * Our server, run as users run it: `gett-server serve` in its own process with a fresh data
 * dir, an account and an API key made with its CLI, and a client speaking the Ge.tt REST API.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { addCliAccount } from '../../scripts/cliAccount';
import type { Credentials, GettFile, GettShare } from '../../shared/gett';
import { Skip, type Context } from './context';
import { json } from './http';
import { startListening, type Running } from './procs';
import type { Target } from './targets';

const account = { email: 'bench@example.test', password: 'bench-password-1', fullname: 'Bench' };

export interface Ours {
  server: Running;
  client: GettClient;
  dataDir: string;
  target: Target;
}

export async function startOurs(ctx: Context, name: string): Promise<Ours> {
  const cli = join(ctx.dist, 'server/cli.cjs');
  if (!existsSync(cli)) throw new Skip(`${cli} is missing; run npm run build`);
  const dataDir = join(ctx.tmp, `ours-${name}`);
  await mkdir(dataDir, { recursive: true });
  const { apikey } = await addCliAccount(cli, dataDir, {
    ...account,
    name: account.fullname,
    // Room for the 2 GiB memory benchmark beside the others.
    storageLimit: 2 ** 40,
    appName: 'bench',
  });
  // The crowds (1,000 downloads, 10,000 live sockets of one account) all come from this one
  // address: the per-address and per-account caps meant for the internet are lifted.
  const server = await startListening(
    [
      cli,
      'serve',
      '--port',
      '0',
      '--data',
      dataDir,
      '--max-connections',
      '0',
      '--max-connections-per-address',
      '0',
      '--max-live-per-user',
      '0',
    ],
    'gett-server',
  );
  try {
    const client = await GettClient.login(server.url, { apikey, ...account });
    return { server, client, dataDir, target: oursTarget(client) };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Upload slots on our server: a share with one file each. */
export function oursTarget(client: GettClient): Target {
  return {
    name: 'ours',
    async slot(filename) {
      const f = await client.newUpload(filename);
      return {
        puturl: f.puturl,
        tailUrl: client.blobUrl(f.sharename, f.fileid),
        uploading: async () => {
          await client.waitFor(f.sharename, f.fileid, 'uploading');
        },
        remove: () => client.destroyShare(f.sharename),
      };
    },
  };
}

/** The few Ge.tt REST calls the benchmarks need. */
export class GettClient {
  private constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  static async login(url: string, c: Credentials) {
    const r = await json<{ accesstoken: string }>('POST', `${url}/1/users/login`, c);
    return new GettClient(url, r.accesstoken);
  }

  private q = (path: string) => `${this.url}${path}?accesstoken=${encodeURIComponent(this.token)}`;

  createShare(): Promise<GettShare> {
    return json('POST', this.q('/1/shares/create'), {});
  }

  createFile(sharename: string, filename: string): Promise<GettFile> {
    return json('POST', this.q(`/1/files/${sharename}/create`), { filename });
  }

  file(sharename: string, fileid: string): Promise<GettFile> {
    return json('GET', `${this.url}/1/files/${sharename}/${fileid}`);
  }

  async destroyShare(sharename: string): Promise<void> {
    await json('POST', this.q(`/1/shares/${sharename}/destroy`));
  }

  blobUrl(sharename: string, fileid: string, suffix = ''): string {
    return `${this.url}/1/files/${sharename}/${fileid}/blob${suffix}`;
  }

  /** A new file ready for upload: its share, id and PUT URL. */
  async newUpload(
    filename: string,
  ): Promise<{ sharename: string; fileid: string; puturl: string }> {
    const share = await this.createShare();
    const file = await this.createFile(share.sharename, filename);
    const puturl = file.upload?.puturl;
    if (!puturl) throw new Error(`files/create gave no upload.puturl: ${JSON.stringify(file)}`);
    return { sharename: share.sharename, fileid: file.fileid, puturl };
  }

  /** Waits until a file reaches `state` (polling, as PLOW does). */
  async waitFor(sharename: string, fileid: string, state: string, timeoutMs = 30_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const f = await this.file(sharename, fileid);
      if (f.readystate === state) return f;
      if (Date.now() > until) {
        throw new Error(`file ${sharename}/${fileid} stayed ${f.readystate}, never ${state}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
