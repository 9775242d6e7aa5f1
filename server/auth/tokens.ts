/**
 * Access and refresh tokens. Access tokens are `a.<appid>.<userid>.<expiry>.<sig>` because
 * old Java clients read the expiry from part 3; they are stateless. Refresh tokens are
 * `r.<appid>.<userid>.<id>.<sig>`, reusable, and revocable through their stored id. Signing
 * out everywhere refuses access tokens issued before the user's `tokensValidAfter`.
 */
import { randomId } from '../ids.js';
import { Signer } from './signer.js';

/** Lifetime of an access token in seconds (the original's 86400; pygett needs > 3600). */
export const ACCESS_TOKEN_TTL = 86400;

/** When an access token was issued (its expiry minus the lifetime), in unix seconds. */
export const issuedAt = (expires: number): number => expires - ACCESS_TOKEN_TTL;

/** Refresh tokens unused for this long expire, unless the operator says otherwise. */
export const DEFAULT_REFRESH_IDLE_DAYS = 30;

export interface TokenClaims {
  readonly appId: string;
  readonly userId: string;
}

export type AccessCheck =
  | ({ readonly ok: true; readonly expires: number } & TokenClaims)
  | { readonly ok: false; readonly reason: 'invalid' | 'expired' };

/** Some scripts wrap the token in braces (`accesstoken={TOKEN}`); accept that too. */
function unwrap(token: string): string {
  const t = token.trim();
  return t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t;
}

export class Tokens {
  constructor(private readonly signer: Signer) {}

  issueAccess(claims: TokenClaims, nowSeconds = Math.floor(Date.now() / 1000)): string {
    const body = `a.${claims.appId}.${claims.userId}.${nowSeconds + ACCESS_TOKEN_TTL}`;
    return `${body}.${this.signer.hex(body)}`;
  }

  checkAccess(raw: string, nowSeconds = Math.floor(Date.now() / 1000)): AccessCheck {
    const parts = unwrap(raw).split('.');
    if (parts.length !== 5 || parts[0] !== 'a') return { ok: false, reason: 'invalid' };
    const [, appId = '', userId = '', exp = '', sig = ''] = parts;
    if (!Signer.same(sig, this.signer.hex(`a.${appId}.${userId}.${exp}`))) {
      return { ok: false, reason: 'invalid' };
    }
    const expires = Number(exp);
    if (!Number.isSafeInteger(expires) || expires <= nowSeconds) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, appId, userId, expires };
  }

  /** A new refresh token and the id under which it is stored (for revocation). */
  issueRefresh(claims: TokenClaims): { token: string; id: string } {
    const id = randomId(24);
    const body = `r.${claims.appId}.${claims.userId}.${id}`;
    return { token: `${body}.${this.signer.hex(body)}`, id };
  }

  /** The claims and stored id of a well-signed refresh token, or undefined. */
  checkRefresh(raw: string): (TokenClaims & { id: string }) | undefined {
    const parts = unwrap(raw).split('.');
    if (parts.length !== 5 || parts[0] !== 'r') return undefined;
    const [, appId = '', userId = '', id = '', sig = ''] = parts;
    if (!Signer.same(sig, this.signer.hex(`r.${appId}.${userId}.${id}`))) return undefined;
    return { appId, userId, id };
  }
}
