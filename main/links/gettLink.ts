/**
 * The one place `gett://` links are read. Forms: `gett://host[:port][/prefix]/share` and
 * `gett://host[:port][/prefix]/share/v/fileid`, with an optional `#fragment` (an encrypted
 * share's key) carried over untouched. Each maps to the server's own link: https, except for
 * hosts that only exist on a local network (loopback, private and link-local addresses,
 * `localhost`, `*.local`, a bare machine name), where the embedded server speaks http.
 * Anything else is refused with a message saying what a link should look like.
 */

export interface GettLink {
  /** The server's base URL (scheme, host, port and any path prefix), without a trailing slash. */
  readonly base: string;
  readonly sharename: string;
  readonly fileid?: string;
  /** The link as the server shows it: `<base>/<share>` or `<base>/<share>/v/<fileid>`. */
  readonly httpUrl: string;
  /** What followed `#`, or ''. */
  readonly fragment: string;
}

export class GettLinkError extends Error {
  override readonly name = 'GettLinkError';
}

const FORMS = 'A Gett link looks like gett://host/share or gett://host/share/v/fileid.';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function refuse(raw: string, why: string): never {
  const shown = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
  throw new GettLinkError(`Cannot open "${shown}": ${why} ${FORMS}`);
}

/** True for hosts reachable only on this machine or its local network. */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local')) return true;
  if (!h.includes('.') && !h.includes(':')) return true; // a bare machine name on the LAN
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  return h === '::1' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h);
}

export function parseGettLink(raw: string): GettLink {
  const text = raw.trim();
  if (text.length > 2048) refuse(text, 'the link is too long.');
  // URL resolves dot segments and encoded dots away; a link that has them is not one of ours.
  const path = text.replace(/^[a-z]+:\/\/[^/#?]*/i, '').replace(/[#?].*$/, '');
  if (/%|\/\.\.?(\/|$)/.test(path)) refuse(text, 'its path is not a plain folder.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    refuse(text, 'it is not a link.');
  }
  if (url.protocol !== 'gett:') refuse(text, 'it is not a gett:// link.');
  if (!url.hostname) refuse(text, 'it names no server.');
  // A custom scheme's host is opaque to URL: check it is a name or an address here.
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) {
    refuse(text, `"${url.hostname}" is not a server name.`);
  }
  if (url.username || url.password) refuse(text, 'it carries a user name or password.');
  if (url.search) refuse(text, 'it has a query (?...), which Gett links never have.');
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  let sharename: string | undefined;
  let fileid: string | undefined;
  let prefix: string[];
  const n = segments.length;
  if (n >= 3 && segments[n - 2] === 'v') {
    sharename = segments[n - 3];
    fileid = segments[n - 1];
    prefix = segments.slice(0, n - 3);
  } else {
    sharename = segments[n - 1];
    prefix = segments.slice(0, n - 1);
  }
  if (!sharename) refuse(text, 'it names no share.');
  if (!ID.test(sharename)) refuse(text, `"${sharename}" is not a share name.`);
  if (fileid !== undefined && !ID.test(fileid)) refuse(text, `"${fileid}" is not a file id.`);
  const scheme = isLocalHost(url.hostname) ? 'http' : 'https';
  const base = `${scheme}://${url.host.toLowerCase()}${prefix.map((p) => `/${p}`).join('')}`;
  const httpUrl = `${base}/${sharename}${fileid !== undefined ? `/v/${fileid}` : ''}`;
  return {
    base,
    sharename,
    ...(fileid !== undefined ? { fileid } : {}),
    httpUrl,
    fragment: url.hash.replace(/^#/, ''),
  };
}
