/** Random identifiers: user ids, share names, blob keys, token ids. */
import { randomInt } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` characters of [0-9A-Za-z] from a CSPRNG. */
export function randomId(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * Top-level paths that are pages or APIs, so never share names: Ge.tt's own reserved words
 * (gett-api.md §8) and this server's routes.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'developers',
  'press',
  'tools',
  'notifications',
  'blog',
  'about',
  'javascript',
  'button',
  'contact',
  'terms',
  'api',
  'm',
  '1',
  '0',
  'u',
  'login',
  'logout',
  'signup',
  'static',
  'assets',
  'sockets',
  'favicon.ico',
  'robots.txt',
  'health',
]);

/** A fresh share name: 8 base-62 characters, never a reserved path (compared case-blind). */
export function newShareName(): string {
  for (;;) {
    const name = randomId(8);
    if (!RESERVED_NAMES.has(name.toLowerCase())) return name;
  }
}
