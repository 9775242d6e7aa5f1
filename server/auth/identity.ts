/**
 * The one spelling of who is asking: the email as the account lookup compares it, and the
 * client address as rate limits count it. Limits keyed on anything else can be sidestepped.
 */
import { isIPv6 } from 'node:net';

/**
 * The email as `getUserByEmail` matches it: surrounding whitespace dropped, ASCII letters
 * lower-cased (SQLite's NOCASE folds only those, so folding more would merge accounts the
 * lookup keeps apart, and folding less would let case variants count separately).
 */
export function normalizeEmail(email: string): string {
  return email.trim().replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/**
 * The address a limit counts: IPv4 as is (also when mapped into IPv6), IPv6 by its /64, the
 * block one subscriber gets, so hopping through its addresses does not buy fresh tries.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
