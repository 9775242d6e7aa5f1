import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBridge } from '../../bridge';
import { COALESCE_MS, toast } from '../../state/toasts';
import { createFakeApi } from '../../test/fakeApi';
import { account, settings } from '../../test/fixtures';
import { TOAST_MS, Toasts } from './Toasts';

/** The toasts a person sees, top to bottom: message, then the line under it if any. */
function shown(): string[] {
  return screen
    .queryAllByTestId('toast')
    .map((el) => Array.from(el.querySelectorAll('p'), (p) => p.textContent).join(' / '));
}

function wait(ms: number) {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

/** The toast stack fed by the real bridge, as main's `toast:show` events arrive. */
function mountWithBridge() {
  const fake = createFakeApi();
  fake.handle('shares:list', () => []);
  fake.handle('account:get', () => account);
  fake.handle('settings:get', () => settings);
  fake.handle('live:status', () => 'online');
  const stop = startBridge(fake.api);
  render(<Toasts />);
  let n = 0;
  const fromMain = (kind: 'info' | 'success' | 'error', message: string, action?: string) =>
    act(() => {
      n += 1;
      fake.emit(
        'toast:show',
        action ? { id: `m${n}`, kind, message, action } : { id: `m${n}`, kind, message },
      );
    });
  /** A finished upload, as main/notifications sends it. */
  const uploaded = (name: string) =>
    act(() => {
      n += 1;
      fake.emit('toast:show', {
        id: `m${n}`,
        kind: 'success',
        message: `${name} is uploaded.`,
        group: { key: 'uploaded', name },
      });
    });
  return { fake, stop, fromMain, uploaded };
}

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns an upload of four files into one toast next to the download toast', () => {
    const { fake, stop, uploaded } = mountWithBridge();
    for (const name of ['Quarterly report.pdf', 'team-photo.jpg', 'budget.xlsx', 'notes.md']) {
      uploaded(name);
      wait(400);
    }
    act(() => {
      fake.emit('live:download', { sharename: 's', fileid: '0', filename: 'Quarterly report.pdf' });
    });
    expect(shown()).toEqual([
      '4 files uploaded. / Quarterly report.pdf, team-photo.jpg, budget.xlsx and 1 more',
      'Someone is downloading Quarterly report.pdf',
    ]);
    expect(screen.getAllByRole('status')).toHaveLength(2);
    stop();
  });

  it('keeps uploads apart when they finish more than the coalescing window apart', () => {
    const { stop, uploaded } = mountWithBridge();
    uploaded('a.txt');
    wait(COALESCE_MS + 1);
    uploaded('b.txt');
    wait(COALESCE_MS - 1);
    uploaded('c.txt');
    expect(shown()).toEqual(['a.txt is uploaded.', '2 files uploaded. / b.txt, c.txt']);

    // Once dismissed, the next upload starts a toast of its own.
    const merged = screen.getAllByTestId('toast')[1];
    if (!merged) throw new Error('no merged toast');
    fireEvent.click(within(merged).getByRole('button', { name: 'Dismiss notification' }));
    uploaded('d.txt');
    expect(shown()).toEqual(['a.txt is uploaded.', 'd.txt is uploaded.']);
    stop();
  });

  it('restarts the fade of a coalesced toast when another file joins it', () => {
    const { stop, uploaded } = mountWithBridge();
    uploaded('a.txt');
    wait(1500);
    uploaded('b.txt');
    wait(TOAST_MS - 1000);
    expect(shown()).toEqual(['2 files uploaded. / a.txt, b.txt']);
    wait(1000);
    expect(shown()).toEqual([]);
    stop();
  });

  it('shows at most three, newest at the bottom; errors wait behind "+N more"', () => {
    const { stop, fromMain } = mountWithBridge();
    fromMain('error', 'x.bin: Your storage is full.', 'Delete old shares to free space.');
    for (const n of [1, 2, 3, 4]) fromMain('info', `Note ${n}`);
    expect(shown()).toEqual(['Note 2', 'Note 3', 'Note 4']);
    expect(screen.getByTestId('toasts-more')).toHaveTextContent('+1 more');

    // The notes fade; the error comes back and stays.
    wait(TOAST_MS);
    expect(shown()).toEqual(['x.bin: Your storage is full. / Delete old shares to free space.']);
    expect(screen.queryByTestId('toasts-more')).toBeNull();
    wait(TOAST_MS * 10);
    expect(screen.getByRole('alert')).toHaveTextContent('x.bin: Your storage is full.');
    stop();
  });

  it('clears the whole stack, waiting toasts too, with Dismiss all', () => {
    render(<Toasts />);
    act(() => {
      for (const n of [1, 2, 3, 4, 5]) toast('error', `Problem ${n}`);
    });
    expect(shown()).toEqual(['Problem 3', 'Problem 4', 'Problem 5']);
    expect(screen.getByTestId('toasts-more')).toHaveTextContent('+2 more');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss all' }));
    expect(shown()).toEqual([]);
    expect(screen.queryByTestId('toasts-more')).toBeNull();
  });

  it('lets info fade, keeps errors, and announces errors assertively, the rest politely', () => {
    render(<Toasts />);
    act(() => {
      toast('success', 'Link copied');
      toast('error', 'Your storage is full.', { action: 'Delete old shares to free space.' });
    });
    expect(screen.getByRole('status')).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByRole('alert')).toHaveAttribute('aria-live', 'assertive');
    wait(TOAST_MS);
    expect(shown()).toEqual(['Your storage is full. / Delete old shares to free space.']);
  });

  it('holds every toast while the stack is hovered', () => {
    render(<Toasts />);
    act(() => void toast('info', 'Someone is downloading a.txt'));
    const region = screen.getByRole('region', { name: 'Notifications' });
    fireEvent.mouseEnter(region);
    act(() => void toast('success', 'Link copied'));
    wait(TOAST_MS * 2);
    expect(shown()).toEqual(['Someone is downloading a.txt', 'Link copied']);
    fireEvent.mouseLeave(region);
    wait(TOAST_MS);
    expect(shown()).toEqual([]);
  });

  it('holds toasts while focus is inside, and lets go when the focused toast closes', () => {
    render(<Toasts />);
    act(() => {
      toast('info', 'First');
      toast('info', 'Second');
    });
    const first = screen.getAllByRole('status')[0];
    if (!first) throw new Error('no toast');
    act(() => within(first).getByRole('button', { name: 'Dismiss notification' }).focus());
    wait(TOAST_MS * 2);
    expect(shown()).toEqual(['First', 'Second']);

    fireEvent.click(within(first).getByRole('button', { name: 'Dismiss notification' }));
    expect(shown()).toEqual(['Second']);
    wait(TOAST_MS);
    expect(shown()).toEqual([]);
  });

  it('runs a toast button once and closes the toast', () => {
    const undo = vi.fn();
    render(<Toasts />);
    act(() => void toast('success', 'Renamed', { button: { label: 'Undo', onClick: undo } }));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(undo).toHaveBeenCalledTimes(1);
    expect(shown()).toEqual([]);
  });
});
