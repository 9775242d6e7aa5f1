import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listNames, Notifications } from './notifications';

function setUp(enabled = true) {
  const shown: { title: string; body: string }[] = [];
  const toasts: string[] = [];
  const n = new Notifications({
    notifier: { show: (x) => shown.push(x) },
    enabled: () => enabled,
    toast: (t) => toasts.push(t.message),
    coalesceMs: 1000,
  });
  return { n, shown, toasts };
}

describe('notifications', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('one drop of three files finishing together is one OS notification', () => {
    const { n, shown, toasts } = setUp();
    n.uploadFinished('a.txt');
    vi.advanceTimersByTime(300);
    n.uploadFinished('b.txt');
    vi.advanceTimersByTime(300);
    n.uploadFinished('c.txt');
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(shown).toEqual([{ title: '3 uploads finished', body: 'a.txt, b.txt and c.txt' }]);
    // The window still gets a toast per file (it joins them itself, by group).
    expect(toasts).toHaveLength(3);
  });

  it('files finishing far apart each get their own notification', () => {
    const { n, shown } = setUp();
    n.uploadFinished('a.txt');
    vi.advanceTimersByTime(1500);
    n.uploadFinished('b.txt');
    vi.advanceTimersByTime(1500);
    expect(shown).toEqual([
      { title: 'Upload finished', body: 'a.txt' },
      { title: 'Upload finished', body: 'b.txt' },
    ]);
  });

  it('shows a download at once and joins the rest of its burst, apart from uploads', () => {
    const { n, shown } = setUp();
    n.downloadStarted('a.txt');
    expect(shown).toEqual([{ title: 'Someone is downloading', body: 'a.txt' }]);
    n.uploadFinished('b.txt');
    n.downloadStarted('c.txt');
    n.downloadStarted('d.txt');
    vi.advanceTimersByTime(1000);
    expect(shown).toEqual([
      { title: 'Someone is downloading', body: 'a.txt' },
      { title: 'Upload finished', body: 'b.txt' },
      { title: 'Someone is downloading 2 more', body: 'c.txt and d.txt' },
    ]);
    // A lone download shows once, with nothing after it.
    n.downloadStarted('e.txt');
    vi.advanceTimersByTime(2000);
    expect(shown.at(-1)).toEqual({ title: 'Someone is downloading', body: 'e.txt' });
    expect(shown).toHaveLength(4);
  });

  it('shows nothing when notifications are off', () => {
    const off = setUp(false);
    off.n.uploadFinished('a.txt');
    off.n.downloadStarted('b.txt');
    vi.advanceTimersByTime(1000);
    expect(off.shown).toEqual([]);
  });

  it('lists at most three names', () => {
    expect(listNames(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
    expect(listNames(['a', 'b'])).toBe('a and b');
  });
});
