import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ShareView } from '../../../shared/model';
import { file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

function bigShare(count: number): ShareView {
  const files = Array.from({ length: count }, (_, i) =>
    file({ fileid: String(i), filename: `photo-${i}.jpg` }),
  );
  return share({ sharename: 'big', title: 'Archive', files });
}

const rows = () => document.querySelectorAll('[data-testid="file-row"]');

describe('share list', () => {
  it('renders only a window of rows for 10,000 files and follows scrolling', async () => {
    renderApp({ shares: [bigShare(10_000)] });
    const list = await screen.findByTestId('share-list');
    expect(screen.getByTestId('share-row')).toHaveTextContent('10000 files');
    const first = rows().length;
    expect(first).toBeGreaterThan(5);
    expect(first).toBeLessThan(40);
    expect(rows()[0]).toHaveAttribute('aria-setsize', '10001');

    act(() => {
      list.scrollTop = 60 * 5000;
      list.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(document.querySelector('[data-fileid="5000"]')).toBeInTheDocument());
    expect(document.querySelector('[data-fileid="0"]')).toBeNull();
    expect(rows().length).toBeLessThan(40);
  });

  it('shows shares newest first with title, link, size, downloads and age', async () => {
    renderApp({
      shares: [
        share({ sharename: 'old', title: 'Old one', created: 1_000 }),
        share({
          sharename: 'new',
          title: null,
          created: Math.floor(Date.now() / 1000) - 120,
          files: [file({ fileid: '0', size: 1_500_000, downloads: 4 })],
        }),
      ],
    });
    await screen.findByTestId('share-list');
    const [first, second] = screen.getAllByTestId('share-row');
    expect(first).toHaveAttribute('data-sharename', 'new');
    expect(first).toHaveTextContent('Untitled share');
    expect(first).toHaveTextContent('http://127.0.0.1:4000/new');
    expect(first).toHaveTextContent('1 file');
    expect(first).toHaveTextContent('1.5 MB');
    expect(first).toHaveTextContent('4 downloads');
    expect(first).toHaveTextContent('2 minutes ago');
    expect(second).toHaveTextContent('Old one');
    expect(screen.getByTestId('share-empty')).toHaveTextContent('No files yet');
  });

  it('moves between rows with the arrow keys, Home and End, and Delete asks to delete', async () => {
    const { user } = renderApp({ shares: [bigShare(3)] });
    await screen.findByTestId('share-list');
    await user.tab(); // Encrypt
    await user.tab(); // Choose files
    await user.tab(); // Settings
    await user.tab(); // Search shares
    await user.tab(); // the list's active row
    const shareRow = screen.getByTestId('share-row');
    expect(shareRow).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(document.querySelector('[data-fileid="0"]')).toHaveFocus();
    await user.keyboard('{End}');
    expect(document.querySelector('[data-fileid="2"]')).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(document.querySelector('[data-fileid="1"]')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(shareRow).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}{Delete}');
    expect(screen.getByRole('dialog', { name: 'Delete photo-1.jpg?' })).toBeInTheDocument();
  });

  it('copies the focused row link with Enter and renames a share with F2', async () => {
    const { fake, user } = renderApp({
      shares: [bigShare(2)],
      setup: (f) => f.handle('links:copy', () => undefined),
    });
    await screen.findByTestId('share-list');
    screen.getByTestId('share-row').focus();
    await user.keyboard('{Enter}');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(fake.callsTo('links:copy')).toEqual([
      { text: 'http://127.0.0.1:4000/big' },
      { text: 'http://127.0.0.1:4000/big/v/0' },
    ]);
    expect(screen.getAllByTestId('toast').at(-1)).toHaveTextContent('Link copied for photo-0.jpg');
    await user.keyboard('{Home}{F2}');
    expect(screen.getByRole('textbox', { name: 'Share title' })).toHaveFocus();
  });

  it('tabs from the active row into its own actions, then out of the list', async () => {
    const { user } = renderApp({ shares: [bigShare(3)] });
    await screen.findByTestId('share-list');
    screen.getByTestId('share-row').focus();
    await user.keyboard('{ArrowDown}');
    const row = document.querySelector<HTMLElement>('[data-fileid="0"]')!;
    expect(row).toHaveFocus();
    const names: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await user.tab();
      names.push(document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(names.slice(0, 2)).toEqual([
      'Copy link for photo-0.jpg',
      'More actions for photo-0.jpg',
    ]);
    // The next stop is outside the list, not the next row's buttons.
    expect(screen.getByTestId('share-list')).not.toContainElement(
      document.activeElement as HTMLElement,
    );
  });

  it('keeps the focused row when a new share arrives above it', async () => {
    const { fake, user } = renderApp({ shares: [bigShare(3)] });
    await screen.findByTestId('share-list');
    screen.getByTestId('share-row').focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    act(() =>
      fake.emit('shares:changed', [
        bigShare(3),
        share({ sharename: 'fresh', created: 2_000_000_000, files: [file({ fileid: 'n' })] }),
      ]),
    );
    await user.keyboard('{ArrowDown}');
    expect(document.querySelector('[data-sharename="big"][data-fileid="2"]')).toHaveFocus();
  });

  it('scrolls a new share into view after a drop, even from far down the list', async () => {
    const { fake, user } = renderApp({
      shares: [bigShare(10_000)],
      setup: (f) =>
        f.handle('shares:chooseFiles', () => ({
          sharename: 'fresh',
          links: ['http://x/fresh/v/0'],
          copied: 'http://x/fresh/v/0',
        })),
    });
    const list = await screen.findByTestId('share-list');
    act(() => {
      list.scrollTop = 60 * 9000;
      list.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(screen.queryByTestId('share-row')).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Choose files' }));
    act(() =>
      fake.emit('shares:changed', [
        bigShare(10_000),
        share({ sharename: 'fresh', created: 2_000_000_000, files: [file({ fileid: '0' })] }),
      ]),
    );
    await waitFor(() =>
      expect(
        document.querySelector('[data-testid="share-row"][data-sharename="fresh"]'),
      ).toBeInTheDocument(),
    );
    expect(list.scrollTop).toBe(0);
  });

  it('reaches rows far down a 10,000-file list from the keyboard', async () => {
    const { user } = renderApp({ shares: [bigShare(10_000)] });
    await screen.findByTestId('share-list');
    screen.getByTestId('share-row').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(document.querySelector('[data-fileid="9999"]')).toHaveFocus());
  });

  it('renames a share inline, and Undo puts the old title back', async () => {
    const { fake, user } = renderApp({
      shares: [share({ sharename: 's1', title: 'Draft' })],
      setup: (f) =>
        f.handle('shares:rename', ({ sharename, title }) => share({ sharename, title })),
    });
    await user.click(await screen.findByRole('button', { name: 'Rename Draft' }));
    const input = screen.getByRole('textbox', { name: 'Share title' });
    await user.clear(input);
    await user.type(input, 'Final report{Enter}');
    expect(fake.callsTo('shares:rename')).toEqual([{ sharename: 's1', title: 'Final report' }]);
    expect(await screen.findByRole('button', { name: 'Rename Final report' })).toBeInTheDocument();
    const toast = screen.getByTestId('toast');
    expect(toast).toHaveTextContent('Renamed to “Final report”');
    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(fake.callsTo('shares:rename')[1]).toEqual({ sharename: 's1', title: 'Draft' });
    expect(await screen.findByRole('button', { name: 'Rename Draft' })).toBeInTheDocument();
  });

  it('Escape cancels a rename without calling main', async () => {
    const { fake, user } = renderApp({ shares: [share({ sharename: 's1', title: 'Draft' })] });
    await user.click(await screen.findByRole('button', { name: 'Rename Draft' }));
    await user.type(screen.getByRole('textbox', { name: 'Share title' }), 'xyz{Escape}');
    expect(screen.getByRole('button', { name: 'Rename Draft' })).toBeInTheDocument();
    expect(fake.callsTo('shares:rename')).toEqual([]);
  });

  it('gives focus back to the row after F2 and Enter or Escape, so the keys work on', async () => {
    const { fake, user } = renderApp({
      shares: [bigShare(2)],
      setup: (f) =>
        f.handle('shares:rename', ({ sharename, title }) => ({ ...bigShare(2), sharename, title })),
    });
    await screen.findByTestId('share-list');
    const shareRow = screen.getByTestId('share-row');
    shareRow.focus();
    await user.keyboard('{F2}');
    await user.keyboard('{Control>}a{/Control}Holiday{Enter}');
    expect(fake.callsTo('shares:rename')).toEqual([{ sharename: 'big', title: 'Holiday' }]);
    expect(screen.getByTestId('share-row')).toHaveFocus();
    await user.keyboard('{F2}x{Escape}');
    expect(screen.getByTestId('share-row')).toHaveFocus();
    expect(fake.callsTo('shares:rename')).toHaveLength(1);
    await user.keyboard('{ArrowDown}');
    expect(document.querySelector('[data-fileid="0"]')).toHaveFocus();
  });
});
