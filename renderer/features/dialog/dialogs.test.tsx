import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const shares = [
  share({
    sharename: 's1',
    title: 'Trip',
    files: [file({ fileid: '0', filename: 'a.jpg' }), file({ fileid: '1', filename: 'b.jpg' })],
  }),
];

describe('delete confirmation', () => {
  it('asks first, keeps focus inside, and Escape keeps the share', async () => {
    const { fake, user } = renderApp({ shares });
    await user.click(await screen.findByRole('button', { name: 'More actions for Trip' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “Trip”?' });
    expect(dialog).toHaveTextContent('its 2 files are deleted');
    const keep = within(dialog).getByRole('button', { name: 'Keep' });
    const del = within(dialog).getByRole('button', { name: 'Delete' });
    expect(keep).toHaveFocus();
    await user.tab();
    expect(del).toHaveFocus();
    await user.tab();
    expect(keep).toHaveFocus();
    await user.tab({ shift: true });
    expect(del).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsTo('shares:delete')).toEqual([]);
    expect(screen.getByRole('button', { name: 'More actions for Trip' })).toHaveFocus();
  });

  it('deletes a share when confirmed', async () => {
    const { fake, user } = renderApp({
      shares,
      setup: (f) => f.handle('shares:delete', () => undefined),
    });
    await user.click(await screen.findByRole('button', { name: 'More actions for Trip' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(fake.callsTo('shares:delete')).toEqual([{ sharename: 's1' }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('empty-state')).toBeInTheDocument();
  });

  it('deletes one file, and keeps the dialog open with the reason when that fails', async () => {
    let fail = true;
    const { fake, user } = renderApp({
      shares,
      setup: (f) =>
        f.handle('files:delete', () => {
          if (fail) throw new Error('The server cannot be reached.');
        }),
    });
    await user.click(await screen.findByRole('button', { name: 'More actions for b.jpg' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete b.jpg?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByTestId('toast')).toHaveTextContent(
      'Could not delete b.jpg: The server cannot be reached.',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    fail = false;
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsTo('files:delete')).toEqual([
      { sharename: 's1', fileid: '1' },
      { sharename: 's1', fileid: '1' },
    ]);
  });
});

describe('QR code', () => {
  it('draws the link as an SVG data URL image and closes with Done', async () => {
    const { user } = renderApp({ shares });
    await user.click(await screen.findByRole('button', { name: 'More actions for Trip' }));
    await user.click(screen.getByRole('menuitem', { name: 'Show QR code' }));
    const dialog = screen.getByRole('dialog', { name: 'QR code for Trip' });
    const img = await within(dialog).findByRole('img', {
      name: 'QR code for http://127.0.0.1:4000/s1',
    });
    expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(decodeURIComponent(img.getAttribute('src')!)).toContain('<path');
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
