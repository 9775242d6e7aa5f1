import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toast } from '../../state/toasts';
import { TOAST_MS, Toasts } from './Toasts';

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets info fade, keeps errors until dismissed, and holds a toast while hovered', () => {
    render(<Toasts />);
    act(() => {
      toast('success', 'Link copied');
      toast('error', 'Your storage is full.', { action: 'Delete old shares to free space.' });
    });
    expect(screen.getByRole('status')).toHaveTextContent('Link copied');
    expect(screen.getByRole('alert')).toHaveTextContent('Delete old shares to free space.');
    act(() => {
      vi.advanceTimersByTime(TOAST_MS);
    });
    expect(screen.queryByText('Link copied')).toBeNull();
    expect(screen.getByRole('alert')).toBeInTheDocument();

    act(() => void toast('info', 'Someone is downloading a.txt'));
    fireEvent.mouseEnter(screen.getByRole('status'));
    act(() => {
      vi.advanceTimersByTime(TOAST_MS * 2);
    });
    expect(screen.getByRole('status')).toHaveTextContent('Someone is downloading a.txt');
    fireEvent.mouseLeave(screen.getByRole('status'));
    act(() => {
      vi.advanceTimersByTime(TOAST_MS);
    });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('runs a toast button once and closes the toast', () => {
    const undo = vi.fn();
    render(<Toasts />);
    act(() => void toast('success', 'Renamed', { button: { label: 'Undo', onClick: undo } }));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(undo).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Renamed')).toBeNull();
  });
});
