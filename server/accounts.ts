/** Creating accounts and API keys: shared by the sign-up page, the CLI and the embedded host. */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { normalizeEmail } from './auth/identity.js';
import { hashPassword } from './auth/passwords.js';
import { DEFAULT_STORAGE_LIMIT } from './context.js';
import { fail } from './errors.js';
import type { AppRecord, MetadataStore, UserRecord } from './storage/types.js';

export const NewAccount = z.object({
  email: z
    .string()
    .trim()
    .max(320)
    .regex(/^[^\s@]+@[^\s@]+$/, 'enter an email address such as name@example.com'),
  password: z.string().min(8, 'use at least 8 characters').max(1024),
  fullname: z.string().trim().max(200).optional(),
  storageLimit: z.number().int().nonnegative().optional(),
});
export type NewAccount = z.input<typeof NewAccount>;

/** Creates a user; fails with `emailTaken` or `invalidField` (naming the field) otherwise. */
export async function createAccount(meta: MetadataStore, input: NewAccount): Promise<UserRecord> {
  const parsed = NewAccount.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('invalidField', `${issue?.path.join('.') ?? 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const { email, password, fullname, storageLimit } = parsed.data;
  // Hashed before the lookup: a taken email takes as long as a new one (no timing tell).
  const passwordHash = await hashPassword(password);
  if (meta.getUserByEmail(normalizeEmail(email))) fail('emailTaken');
  try {
    return meta.createUser({
      email,
      passwordHash,
      fullname: fullname || email.split('@')[0] || email,
      storageLimit: storageLimit ?? DEFAULT_STORAGE_LIMIT,
    });
  } catch (err) {
    // The same email signed up while the password was hashing.
    if (meta.getUserByEmail(email)) fail('emailTaken');
    throw err;
  }
}

/** The app created by the server itself: logins that send no apikey (late clients). */
export const DEFAULT_APP_ID = 'web';

/** How an API key is stored and looked up. */
export const apiKeyHash = (apikey: string): string =>
  createHash('sha256').update(apikey.trim()).digest('hex');

/** A new secret API key (shown once; only its hash is stored). */
export function newApiKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Creates an app and returns it with its key. */
export function createApp(
  meta: MetadataStore,
  input: { name: string; ownerId: string | null },
): { app: AppRecord; apikey: string } {
  const name = input.name.trim();
  if (name === '' || name.length > 100) fail('invalidField', 'name: use 1 to 100 characters');
  const apikey = newApiKey();
  const app = meta.createApp({ name, ownerId: input.ownerId, keyHash: apiKeyHash(apikey) });
  return { app, apikey };
}
