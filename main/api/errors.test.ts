import { describe, expect, it } from 'vitest';
import { wireErrors, type WireErrorCode } from '../../shared/wireErrors';
import { errorAnswer, errorFromResponse } from './errors';

/** A failed answer as the server sends it: status and body from the shared code table. */
function answer(code: WireErrorCode) {
  const [status, error] = wireErrors[code];
  return errorFromResponse(status, errorAnswer(JSON.stringify({ error, code })), 'Call');
}

describe('classifying failed answers', () => {
  it.each<[WireErrorCode, string]>([
    ['storageLimit', 'storageFull'],
    ['tusWriteFailed', 'storageFull'],
    ['bodyTooLarge', 'invalidRequest'],
    ['wrongCredentials', 'signedOut'],
    ['expiredToken', 'signedOut'],
    ['invalidRefreshToken', 'signedOut'],
    ['expiredSignature', 'signedOut'],
    ['notYourShare', 'notFound'],
    ['shareNotFound', 'notFound'],
    ['fileRemoved', 'notFound'],
    ['tooManyAttempts', 'invalidRequest'],
    ['serverClosing', 'serverUnreachable'],
    ['internal', 'unknown'],
  ])('code %s → %s', (code, appCode) => {
    const err = answer(code);
    expect(err.code).toBe(appCode);
    expect(err.wireCode).toBe(code);
    expect(err.view().detail).toBe(wireErrors[code][1]);
  });

  it('classifies by the code, not by what the message says', () => {
    // A 403 whose text speaks of tokens is still someone else's share when the code says so.
    const body = JSON.stringify({ error: 'token expired, sign in', code: 'notYourShare' });
    expect(errorFromResponse(403, errorAnswer(body), 'Call').kind).toBe('forbidden');
    const quota = JSON.stringify({ error: 'quota of storage', code: 'invalidField' });
    expect(errorFromResponse(400, errorAnswer(quota), 'Call').code).toBe('invalidRequest');
  });

  it.each([
    [413, 'storage limit reached', 'storageFull'],
    [507, '', 'storageFull'],
    [401, 'Wrong email or password', 'signedOut'],
    [403, "share doesn't belong to authenticated user", 'notFound'],
    [404, 'share not found', 'notFound'],
    [429, 'too many attempts, wait a minute', 'invalidRequest'],
    [503, 'server shutting down', 'serverUnreachable'],
    [500, 'internal error', 'unknown'],
  ])('a server without codes: HTTP %i "%s" → %s', (status, text, code) => {
    const err = errorFromResponse(status, errorAnswer(JSON.stringify({ error: text })), 'Call');
    expect(err.code).toBe(code);
    expect(err.wireCode).toBeUndefined();
  });

  it('ignores a code it does not know (a newer server) and keeps a non-JSON body short', () => {
    const newer = errorAnswer(JSON.stringify({ error: 'slow down', code: 'someFutureCode' }));
    expect(errorFromResponse(503, newer, 'Call')).toMatchObject({
      kind: 'unreachable',
      wireCode: undefined,
      serverError: 'slow down',
    });
    expect(errorAnswer('<html>Bad Gateway</html>'.padEnd(500, '.')).error).toHaveLength(200);
  });
});
