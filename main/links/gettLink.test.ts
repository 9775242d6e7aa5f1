import { describe, expect, it } from 'vitest';
import { isLocalHost, parseGettLink } from './gettLink';

describe('gett:// links', () => {
  it('maps a share link and a file link to the server links they stand for', () => {
    expect(parseGettLink('gett://files.example.com/abc123')).toEqual({
      base: 'https://files.example.com',
      sharename: 'abc123',
      httpUrl: 'https://files.example.com/abc123',
      fragment: '',
    });
    expect(parseGettLink('gett://files.example.com:8443/gett/abc123/v/2')).toMatchObject({
      base: 'https://files.example.com:8443/gett',
      sharename: 'abc123',
      fileid: '2',
      httpUrl: 'https://files.example.com:8443/gett/abc123/v/2',
    });
  });

  it('speaks http to hosts of the local network, where the embedded server runs', () => {
    for (const host of [
      '192.168.1.20:8040',
      '10.0.0.7',
      '127.0.0.1:9',
      'localhost',
      'nas.local',
      'laptop',
      '[::1]:8040',
      '172.20.1.1',
    ]) {
      expect(parseGettLink(`gett://${host}/s1`).httpUrl).toBe(`http://${host}/s1`);
    }
    expect(isLocalHost('172.32.0.1')).toBe(false);
    expect(isLocalHost('8.8.8.8')).toBe(false);
    expect(parseGettLink('gett://EXAMPLE.org/s1').httpUrl).toBe('https://example.org/s1');
  });

  it('keeps the fragment (an encrypted share key) apart', () => {
    expect(parseGettLink('gett://example.org/s1#k=abc').fragment).toBe('k=abc');
  });

  it('refuses anything else, saying what a link looks like', () => {
    const bad: [string, RegExp][] = [
      ['http://example.org/s1', /not a gett:\/\/ link/],
      ['gett:/s1', /names no server/],
      ['gett://example.org/', /names no share/],
      ['gett://example.org/a b', /not a share name/],
      ['gett://example.org/s1/v/../x', /not a file id|not a share name|plain folder/],
      ['gett://user:pw@example.org/s1', /user name or password/],
      ['gett://example.org/s1?x=1', /query/],
      ['gett://ex%41mple.org/s1', /not a server name/],
      ['not a link', /not a link/],
      [`gett://example.org/${'a'.repeat(3000)}`, /too long/],
    ];
    for (const [raw, why] of bad) {
      expect(() => parseGettLink(raw), raw).toThrow(why);
      expect(() => parseGettLink(raw), raw).toThrow(
        /gett:\/\/host\/share or gett:\/\/host\/share\/v\/fileid/,
      );
    }
  });
});
