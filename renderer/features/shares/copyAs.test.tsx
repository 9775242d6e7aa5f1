import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IpcError } from '../../../shared/ipc';
import { linkText } from '../../../shared/linkText';
import { file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import type { FakeApi } from '../../test/fakeApi';

const trip = share({
  sharename: 'trip',
  title: 'Trip [2025]',
  files: [
    file({ sharename: 'trip', fileid: '0', filename: 'sea & <sun>.jpg' }),
    file({ sharename: 'trip', fileid: '1', filename: 'b.jpg' }),
  ],
});

/** Answers as main does: the text made from the share list by the one shared formatter. */
const answerLikeMain = (f: FakeApi) =>
  f.handle('links:copyAs', ({ format, fileid }) => linkText(format, trip, fileid)!.text);

const lastToast = () => screen.getAllByTestId('toast').at(-1)!;

describe('Copy as…', () => {
  it('the share row menu offers each form, labelled, copy forms first', async () => {
    const { user } = renderApp({ shares: [trip] });
    await user.click(await screen.findByRole('button', { name: 'More actions for Trip [2025]' }));
    const menu = screen.getByRole('menu', { name: 'More actions for Trip [2025]' });
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((m) => m.textContent),
    ).toEqual([
      'Copy as Markdown',
      'Copy as HTML',
      'Copy all links',
      'Open in browser',
      'Show QR code',
      'Add files',
      'Expiry, limit and password…',
      'Delete',
    ]);
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'More actions for b.jpg' }));
    expect(screen.getAllByRole('menuitem').map((m) => m.textContent)).toEqual([
      'Copy as Markdown',
      'Copy as HTML',
      'Open in browser',
      'Show QR code',
      'Delete',
    ]);
  });

  it('from the keyboard: row, Tab past title and Copy link to the menu, arrows to "Copy all links", Enter', async () => {
    const { fake, user } = renderApp({ shares: [trip], setup: answerLikeMain });
    await screen.findByTestId('share-list');
    screen.getByTestId('share-row').focus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Rename Trip [2025]' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Copy link for Trip [2025]' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'More actions for Trip [2025]' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('menuitem', { name: 'Copy as Markdown' })).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Copy all links' })).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(fake.callsTo('links:copyAs')).toEqual([{ sharename: 'trip', format: 'all' }]);
    await waitFor(() =>
      expect(lastToast()).toHaveTextContent('All links of Trip [2025] copied, one per line'),
    );
    // The toast shows what is on the clipboard: the share's link, then each file's.
    expect(lastToast()).toHaveTextContent(
      'Trip [2025]: http://127.0.0.1:4000/trip ' +
        'sea & <sun>.jpg: http://127.0.0.1:4000/trip/v/0 b.jpg: http://127.0.0.1:4000/trip/v/1',
    );
    // Focus went back to the menu's button, so the row's keys work on.
    expect(screen.getByRole('button', { name: 'More actions for Trip [2025]' })).toHaveFocus();

    await user.keyboard('{Enter}{Enter}');
    expect(fake.callsTo('links:copyAs').at(-1)).toEqual({ sharename: 'trip', format: 'markdown' });
    await waitFor(() =>
      expect(lastToast()).toHaveTextContent('Markdown link copied for Trip [2025]'),
    );
    expect(lastToast()).toHaveTextContent('[Trip \\[2025\\]](http://127.0.0.1:4000/trip)');
    // Copying again replaced the first "copied" toast instead of stacking over the list.
    expect(screen.getAllByTestId('toast')).toHaveLength(1);
  });

  it('with the mouse: a file as HTML names the file, never text made in the window', async () => {
    const { fake, user } = renderApp({ shares: [trip], setup: answerLikeMain });
    await user.click(
      await screen.findByRole('button', { name: 'More actions for sea & <sun>.jpg' }),
    );
    await user.click(screen.getByRole('menuitem', { name: 'Copy as HTML' }));
    expect(fake.callsTo('links:copyAs')).toEqual([
      { sharename: 'trip', fileid: '0', format: 'html' },
    ]);
    expect(fake.callsTo('links:copy')).toEqual([]);
    await waitFor(() =>
      expect(lastToast()).toHaveTextContent('HTML link copied for sea & <sun>.jpg'),
    );
    expect(lastToast()).toHaveTextContent(
      '<a href="http://127.0.0.1:4000/trip/v/0">sea &amp; &lt;sun&gt;.jpg</a>',
    );
  });

  it('a failure says so and what to do', async () => {
    const { user } = renderApp({
      shares: [trip],
      setup: (f) =>
        f.handle('links:copyAs', () => {
          throw new IpcError('That share or file no longer exists. Refresh the list.', 'notFound');
        }),
    });
    await user.click(await screen.findByRole('button', { name: 'More actions for b.jpg' }));
    await user.click(screen.getByRole('menuitem', { name: 'Copy as Markdown' }));
    const error = await screen.findByRole('alert');
    expect(error).toHaveTextContent(
      'Could not copy the link: That share or file no longer exists. Refresh the list.',
    );
    expect(error).toHaveTextContent('Select the link and copy it by hand.');
  });
});
