import { describe, expect, it } from 'vitest';
import { formatLink, linkText, shareLabel } from './linkText';
import type { FileView, ShareView } from './model';

const file = (fileid: string, filename: string, extra: Partial<FileView> = {}): FileView => ({
  sharename: 's1',
  fileid,
  filename,
  size: 10,
  readystate: 'uploaded',
  created: 1,
  getturl: `http://h:4000/s1/v/${fileid}`,
  downloads: 0,
  ...extra,
});
const share = (title: string | null, files: FileView[]): ShareView => ({
  sharename: 's1',
  title,
  getturl: 'http://h:4000/s1',
  created: 1,
  files,
});

describe('Copy as… text', () => {
  it('escapes Markdown in link text and breaks no link destination', () => {
    expect(formatLink('markdown', 'http://h/s1', 'Q3 [draft] *final*_v2 `x` <b> & a|b ~c\\')).toBe(
      '[Q3 \\[draft\\] \\*final\\*\\_v2 \\`x\\` \\<b\\> \\& a\\|b \\~c\\\\](http://h/s1)',
    );
    expect(formatLink('markdown', 'http://h/a (1)/<x>', 'a')).toBe(
      '[a](http://h/a%20%281%29/%3Cx%3E)',
    );
    // A name with a line break stays one link on one line.
    expect(formatLink('markdown', 'http://h/s1', 'two\nlines\r\n')).toBe(
      '[two lines](http://h/s1)',
    );
  });

  it('escapes HTML in the text and the attribute', () => {
    expect(formatLink('html', 'http://h/s1?a=1&b="2"', `<script>alert('x')</script> & "q"`)).toBe(
      '<a href="http://h/s1?a=1&amp;b=&quot;2&quot;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</a>',
    );
    expect(formatLink('plain', 'http://h/s1', 'ignored')).toBe('http://h/s1');
  });

  it('names an untitled share by what it holds', () => {
    expect(shareLabel(share('Q3', [file('0', 'a.pdf')]))).toBe('Q3');
    expect(shareLabel(share(null, [file('0', 'a.pdf')]))).toBe('a.pdf');
    expect(shareLabel(share(null, [file('0', 'a.pdf'), file('1', 'b.pdf'), file('2', 'c')]))).toBe(
      'a.pdf and 2 more',
    );
    expect(shareLabel(share(null, []))).toBe('Untitled share');
    expect(shareLabel(share(null, [file('0', 'gone', { readystate: 'removed' })]))).toBe(
      'Untitled share',
    );
  });

  it('all links: the share, then each file that still has a link, in drop order', () => {
    const s = share('Holiday', [
      file('0', 'b.jpg'),
      file('1', 'removed.jpg', { readystate: 'removed' }),
      file('2', 'a\nb.jpg'),
    ]);
    expect(linkText('all', s)).toEqual({
      text: 'Holiday: http://h:4000/s1\nb.jpg: http://h:4000/s1/v/0\na b.jpg: http://h:4000/s1/v/2',
      links: ['http://h:4000/s1', 'http://h:4000/s1/v/0', 'http://h:4000/s1/v/2'],
    });
  });

  it('a file in each form; none for a removed or unknown file, or "all" of a file', () => {
    const s = share('Holiday', [
      file('0', 'sea [1].jpg'),
      file('1', 'x', { readystate: 'removed' }),
    ]);
    expect(linkText('markdown', s, '0')).toEqual({
      text: '[sea \\[1\\].jpg](http://h:4000/s1/v/0)',
      links: ['http://h:4000/s1/v/0'],
    });
    expect(linkText('html', s, '0')?.text).toBe('<a href="http://h:4000/s1/v/0">sea [1].jpg</a>');
    expect(linkText('plain', s)?.text).toBe('http://h:4000/s1');
    expect(linkText('markdown', s)?.text).toBe('[Holiday](http://h:4000/s1)');
    expect(linkText('plain', s, '1')).toBeUndefined();
    expect(linkText('plain', s, '9')).toBeUndefined();
    expect(linkText('all', s, '0')).toBeUndefined();
  });
});
