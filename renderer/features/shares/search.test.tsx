import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ShareView } from '../../../shared/model';
import { file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { matchShares } from './search';

const history: ShareView[] = [
  share({
    sharename: 'q3',
    title: 'Q3 report',
    created: 3_000,
    files: [
      file({ fileid: '0', filename: 'summary.pdf' }),
      file({ fileid: '1', filename: 'data.xlsx' }),
    ],
  }),
  share({
    sharename: 'hol',
    title: 'Holiday',
    created: 2_000,
    files: [
      file({ fileid: '0', filename: 'beach.jpg' }),
      file({ fileid: '1', filename: 'Résumé final.pdf' }),
    ],
  }),
  share({ sharename: 'none', title: null, created: 1_000 }),
];

/** 1,000 shares of 3 files each, newest first. */
function thousandShares(): ShareView[] {
  return Array.from({ length: 1000 }, (_, i) =>
    share({
      sharename: `s${i}`,
      title: `Project ${i}`,
      created: 10_000 - i,
      files: [0, 1, 2].map((j) => file({ fileid: String(j), filename: `scan-${i}-${j}.png` })),
    }),
  );
}

const shownShares = () =>
  [...document.querySelectorAll('[data-testid="share-row"]')].map((r) =>
    r.getAttribute('data-sharename'),
  );
const shownFiles = () =>
  [...document.querySelectorAll('[data-testid="file-row"]')].map(
    (r) => `${r.getAttribute('data-sharename')}/${r.getAttribute('data-fileid')}`,
  );

describe('matchShares', () => {
  it('needs every word, in title or file name, ignoring case and accents', () => {
    const names = (q: string) =>
      matchShares(history, q).map((m) => `${m.share.sharename}:${m.files.length}`);
    expect(names('')).toEqual(['q3:2', 'hol:2', 'none:0']);
    expect(names('REPORT')).toEqual(['q3:2']);
    expect(names('resume')).toEqual(['hol:1']);
    expect(names('pdf')).toEqual(['q3:1', 'hol:1']);
    expect(names('report xlsx')).toEqual(['q3:1']);
    expect(names('holiday beach')).toEqual(['hol:1']);
    expect(names('untitled')).toEqual(['none:0']);
    expect(names('beach report')).toEqual([]);
  });
});

describe('searching the share list', () => {
  it('filters by title and by file name as you type, and says how many match', async () => {
    const { user } = renderApp({ shares: history });
    await screen.findByTestId('share-list');
    const search = screen.getByRole('searchbox', { name: 'Search shares' });
    await user.type(search, 'pdf');
    await waitFor(() => expect(shownShares()).toEqual(['q3', 'hol']));
    expect(shownFiles()).toEqual(['q3/0', 'hol/1']);
    expect(screen.getByTestId('search-count')).toHaveTextContent('2 of 3 shares');
    // The header still counts all of a share's files.
    expect(screen.getAllByTestId('share-row')[0]).toHaveTextContent('2 files');

    await user.clear(search);
    await user.type(search, 'holiday');
    await waitFor(() => expect(shownShares()).toEqual(['hol']));
    expect(shownFiles()).toEqual(['hol/0', 'hol/1']);
    expect(screen.getByTestId('search-count')).toHaveTextContent('1 of 3 shares');
  });

  it('says clearly when nothing matches and offers to clear the search', async () => {
    const { user } = renderApp({ shares: history });
    await screen.findByTestId('share-list');
    const search = screen.getByRole('searchbox', { name: 'Search shares' });
    await user.type(search, 'invoice');
    const empty = await screen.findByTestId('search-empty');
    expect(empty).toHaveTextContent('No shares match “invoice”');
    expect(screen.queryByTestId('share-list')).toBeNull();
    await user.click(within(empty).getByRole('button', { name: 'Clear search' }));
    expect(search).toHaveValue('');
    expect(search).toHaveFocus();
    await waitFor(() => expect(shownShares()).toEqual(['q3', 'hol', 'none']));
  });

  it('works from the keyboard: Ctrl+F, Arrow Down into the list, Escape clears', async () => {
    const { user, fake } = renderApp({
      shares: history,
      setup: (f) => f.handle('links:copy', () => undefined),
    });
    await screen.findByTestId('share-list');
    await user.keyboard('{Control>}f{/Control}');
    const search = screen.getByRole('searchbox', { name: 'Search shares' });
    expect(search).toHaveFocus();
    await user.keyboard('beach');
    await waitFor(() => expect(shownFiles()).toEqual(['hol/0']));
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('share-row')).toHaveFocus();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(fake.callsTo('links:copy')).toEqual([{ text: 'http://127.0.0.1:4000/hol/v/0' }]);

    await user.keyboard('{Control>}f{/Control}');
    expect(search).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(search).toHaveValue('');
    await waitFor(() => expect(shownShares()).toEqual(['q3', 'hol', 'none']));
    // The clear button is a named control too.
    await user.type(search, 'x');
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(search).toHaveValue('');
  });

  it('keeps 1,000 shares virtualized while searching them', async () => {
    const { user } = renderApp({ shares: thousandShares() });
    const list = await screen.findByTestId('share-list');
    const rows = () => document.querySelectorAll('[role="listitem"]').length;
    expect(rows()).toBeLessThan(40);
    expect(rows()).toBeGreaterThan(5);
    expect(document.querySelector('[role="listitem"]')).toHaveAttribute('aria-setsize', '4000');

    const search = screen.getByRole('searchbox', { name: 'Search shares' });
    await user.type(search, 'scan-99');
    // scan-99-*, scan-990-* … scan-999-*: 11 shares.
    await waitFor(() =>
      expect(screen.getByTestId('search-count')).toHaveTextContent('11 of 1,000 shares'),
    );
    expect(shownShares()[0]).toBe('s99');
    expect(rows()).toBeLessThan(40);
    expect(document.querySelector('[role="listitem"]')).toHaveAttribute('aria-setsize', '44');

    await user.clear(search);
    await user.type(search, 'project 7');
    // Every share whose number has a 7 (in its title and its file names): 1000 - 9³.
    await waitFor(() =>
      expect(screen.getByTestId('search-count')).toHaveTextContent('271 of 1,000 shares'),
    );
    act(() => {
      list.scrollTop = 84 * 400;
      list.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(shownShares()).not.toContain('s7'));
    expect(rows()).toBeLessThan(40);
  });

  it('shows a share dropped while a search hides it, by clearing the search', async () => {
    const { user, fake } = renderApp({
      shares: history,
      setup: (f) =>
        f.handle('shares:chooseFiles', () => ({
          sharename: 'fresh',
          links: ['http://x/fresh/v/0'],
          copied: 'http://x/fresh/v/0',
        })),
    });
    await screen.findByTestId('share-list');
    await user.type(screen.getByRole('searchbox', { name: 'Search shares' }), 'holiday');
    await waitFor(() => expect(shownShares()).toEqual(['hol']));
    await user.click(screen.getByRole('button', { name: 'Choose files' }));
    act(() =>
      fake.emit('shares:changed', [
        ...history,
        share({ sharename: 'fresh', created: 9_000, files: [file({ fileid: '0' })] }),
      ]),
    );
    await waitFor(() => expect(shownShares()[0]).toBe('fresh'));
    expect(screen.getByRole('searchbox', { name: 'Search shares' })).toHaveValue('');
  });
});
