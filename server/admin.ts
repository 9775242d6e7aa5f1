/**
 * Account administration on a data dir, safe while `serve` runs on it (SQLite WAL): used by
 * the CLI and by the app's embedded host.
 */
import { createAccount, createApp, apiKeyHash, newApiKey } from './accounts.js';
import { normalizeEmail } from './auth/identity.js';
import { hashPassword } from './auth/passwords.js';
import { openDataDir } from './data.js';
import { fail } from './errors.js';

async function withData<T>(
  dataDir: string,
  fn: (data: ReturnType<typeof openDataDir>) => Promise<T> | T,
): Promise<T> {
  const data = openDataDir(dataDir);
  try {
    return await fn(data);
  } finally {
    data.meta.close();
  }
}

export function addUser(
  dataDir: string,
  input: { email: string; password: string; fullname?: string; storageLimit?: number },
): Promise<{ userid: string }> {
  return withData(dataDir, async ({ meta }) => ({ userid: (await createAccount(meta, input)).id }));
}

/** Creates an app (owned by `ownerEmail`'s account, if given) and returns its new API key. */
export function addApp(
  dataDir: string,
  input: { name: string; ownerEmail?: string },
): Promise<{ apikey: string }> {
  return withData(dataDir, ({ meta }) => {
    let ownerId: string | null = null;
    if (input.ownerEmail !== undefined) {
      const owner = meta.getUserByEmail(input.ownerEmail);
      if (!owner) fail('invalidField', `owner: no account with the email ${input.ownerEmail}`);
      ownerId = owner.id;
    }
    return { apikey: createApp(meta, { name: input.name, ownerId }).apikey };
  });
}

/**
 * Signs a user out everywhere (a stolen laptop, a leaked token): every refresh token revoked,
 * every web session ended, access tokens issued so far refused. Takes effect at once, also on
 * a running server. API keys stay: they belong to apps, not to logins.
 */
export function revokeTokens(dataDir: string, input: { email: string }): Promise<void> {
  return withData(dataDir, ({ meta }) => {
    const user = meta.getUserByEmail(normalizeEmail(input.email));
    if (!user) fail('invalidField', `email: no account with the email ${input.email}`);
    meta.revokeAllSessions(user.id);
  });
}

/** Storage of the embedded server's local account: 1 TiB, so big drops are never refused. */
export const LOCAL_STORAGE_LIMIT = 2 ** 40;

/**
 * The desktop app's own account: creates the user or resets its password, and returns an API
 * key for the app named `appName` (a fresh key each call: only hashes are stored, and tokens
 * issued earlier stay valid because they name the app, not the key).
 */
export function ensureLocalAccount(
  dataDir: string,
  input: { email: string; password: string; fullname: string; appName: string },
): Promise<{ userid: string; apikey: string }> {
  return withData(dataDir, async ({ meta }) => {
    let user = meta.getUserByEmail(input.email);
    if (user) meta.setPassword(user.id, await hashPassword(input.password));
    // The app's own disk is the limit, not the 2 GB default for accounts on shared servers.
    else user = await createAccount(meta, { ...input, storageLimit: LOCAL_STORAGE_LIMIT });
    const existing = meta.findApp(user.id, input.appName);
    if (!existing)
      return {
        userid: user.id,
        apikey: createApp(meta, { name: input.appName, ownerId: user.id }).apikey,
      };
    const apikey = newApiKey();
    meta.setAppKey(existing.id, apiKeyHash(apikey));
    return { userid: user.id, apikey };
  });
}
