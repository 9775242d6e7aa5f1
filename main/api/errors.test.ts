import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './errors';

describe('classifying failed answers', () => {
  it.each([
    [413, 'storage limit reached: delete some files, then upload again', 'storageFull'],
    [401, 'Wrong email or password', 'signedOut'],
    [403, 'invalid or expired access token', 'signedOut'],
    [403, "share doesn't belong to authenticated user", 'notFound'],
    [404, 'share not found', 'notFound'],
    [429, 'too many attempts, wait a minute: rate limit', 'invalidRequest'],
    [503, 'server shutting down', 'serverUnreachable'],
    [500, 'internal error', 'unknown'],
  ])('HTTP %i "%s" → %s', (status, text, code) => {
    expect(errorFromResponse(status, text, 'Call').code).toBe(code);
  });
});
