import { describe, expect, it } from 'vitest';
import { argStart, isEmptyLaunch, parseLaunchArgs } from './launchArgs';

describe('reading a launch command line', () => {
  it('turns files and folders into absolute paths against the caller’s folder', () => {
    const r = parseLaunchArgs(['file1', 'dir2', '/abs/x.png'], '/home/me');
    expect(r.paths).toEqual(['/home/me/file1', '/home/me/dir2', '/abs/x.png']);
    expect(r.printLinks).toBe(false);
  });

  it('keeps --print-links, gett:// links and screenshots; drops Chromium’s switches', () => {
    const r = parseLaunchArgs(
      ['--allow-file-access-from-files', '--print-links', 'gett://example.test/abc', 'a'],
      '/w',
    );
    expect(r).toEqual({
      paths: ['/w/a'],
      urls: ['gett://example.test/abc'],
      screenshot: null,
      printLinks: true,
    });
    expect(parseLaunchArgs(['--screenshot'], '/').screenshot).toBe('region');
    expect(parseLaunchArgs(['--screenshot=screen'], '/').screenshot).toBe('screen');
  });

  it('treats everything after -- as a path, even names that look like switches', () => {
    expect(parseLaunchArgs(['--', '--print-links', '-x'], '/w').paths).toEqual([
      '/w/--print-links',
      '/w/-x',
    ]);
  });

  it('reads the file:// URIs a Linux file manager passes to "Open with" (%U) as paths', () => {
    expect(
      parseLaunchArgs(['file:///home/me/My%20Report.pdf', 'file:///tmp/dir'], '/w').paths,
    ).toEqual(['/home/me/My Report.pdf', '/tmp/dir']);
  });

  it('knows an empty launch and where the app’s own arguments start', () => {
    expect(isEmptyLaunch(parseLaunchArgs(['--print-links'], '/'))).toBe(true);
    expect(argStart(true)).toBe(2);
    expect(argStart(undefined)).toBe(1);
  });
});
