import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IpcError } from '../../../shared/ipc';
import type { DropResult, ShareView } from '../../../shared/model';
import { useSettingsStore } from '../../state/settings';
import { useSharesStore } from '../../state/shares';
import { useToastsStore } from '../../state/toasts';
import { useUiStore } from '../../state/ui';
import { file, settings, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { changedOptions, dropOptions } from './options';

const asked = {
  ...settings,
  askPasswordOnDrop: true,
  defaultExpiry: 86_400,
  defaultMaxDownloads: 0,
};
const result: DropResult = {
  sharename: 'n1',
  links: ['http://x/n1/v/0'],
  copied: 'http://x/n1/v/0',
};
const secret = 'open sesame 42';

/** Everything the window keeps in its stores, as text. */
function storesText(): string {
  return JSON.stringify([
    useSharesStore.getState(),
    useUiStore.getState(),
    useSettingsStore.getState(),
    useToastsStore.getState(),
  ]);
}

async function dropOne(fake: ReturnType<typeof renderApp>['fake']) {
  fake.paths.set('report.pdf', '/home/me/report.pdf');
  const empty = await screen.findByTestId('empty-state');
  fireEvent.drop(empty, {
    dataTransfer: { types: ['Files'], files: [new File(['x'], 'report.pdf')] },
  });
}

describe('link options at a drop', () => {
  it('asks for a password first when Settings says so, then shares with it', async () => {
    const { fake, user } = renderApp({
      settings: asked,
      setup: (f) => f.handle('shares:drop', () => result),
    });
    await dropOne(fake);
    const dialog = await screen.findByRole('dialog', { name: 'Share with a password?' });
    expect(fake.callsTo('shares:drop')).toEqual([]);
    const password = within(dialog).getByLabelText('Password');
    expect(password).toHaveFocus();
    expect(within(dialog).getByLabelText('Links expire')).toHaveValue('86400');
    await user.type(password, secret);
    await user.selectOptions(within(dialog).getByLabelText('Links expire'), 'In 3 days');
    await user.type(within(dialog).getByLabelText('Downloads per file'), '1');
    expect(storesText()).not.toContain(secret);
    const before = Math.floor(Date.now() / 1000);
    await user.click(within(dialog).getByRole('button', { name: 'Share' }));
    await waitFor(() => expect(fake.callsTo('shares:drop')).toHaveLength(1));
    const sent = fake.callsTo('shares:drop')[0]!;
    expect(sent).toMatchObject({
      paths: ['/home/me/report.pdf'],
      links: { password: secret, maxdownloads: 1 },
    });
    expect(sent.links?.expires).toBeGreaterThanOrEqual(before + 3 * 86_400);
    expect(await screen.findByTestId('toast')).toHaveTextContent('Link copied');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(storesText()).not.toContain(secret);
  });

  it('shares nothing when cancelled, and keeps the form open with the reason when refused', async () => {
    let refuse = true;
    const { fake, user } = renderApp({
      settings: asked,
      setup: (f) =>
        f.handle('shares:drop', () => {
          if (refuse) {
            throw new IpcError(
              'This server keeps shares only for a while, so a link cannot be kept forever. Choose when the link expires.',
              'expiryRequired',
            );
          }
          return result;
        }),
    });
    await dropOne(fake);
    let dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsTo('shares:drop')).toEqual([]);

    await dropOne(fake);
    dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Password'), secret);
    await user.selectOptions(within(dialog).getByLabelText('Links expire'), 'Never');
    await user.click(within(dialog).getByRole('button', { name: 'Share' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Nothing was shared: This server keeps shares only for a while, so a link cannot be kept forever. Choose when the link expires.',
    );
    expect(fake.callsTo('shares:drop')[0]?.links).toEqual({
      expires: null,
      maxdownloads: null,
      password: secret,
    });
    // The refused password is not kept in the field either: it is typed again.
    expect(within(dialog).getByLabelText('Password')).toHaveValue('');
    refuse = false;
    await user.selectOptions(within(dialog).getByLabelText('Links expire'), 'In 1 week');
    await user.click(within(dialog).getByRole('button', { name: 'Share' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsTo('shares:drop')[1]?.links).not.toHaveProperty('password');
  });

  it('does not ask when Settings says not to, or when dropping into a share', async () => {
    const { fake } = renderApp({ setup: (f) => f.handle('shares:drop', () => result) });
    await dropOne(fake);
    await waitFor(() =>
      expect(fake.callsTo('shares:drop')).toEqual([{ paths: ['/home/me/report.pdf'] }]),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('link options of a share', () => {
  const now = Math.floor(Date.now() / 1000);
  const protectedShare = share({
    sharename: 's1',
    title: 'Q3 report',
    expires: now + 3 * 86_400 + 60,
    maxdownloads: 2,
    protected: true,
    files: [file({ fileid: '0', downloadsleft: 1, downloads: 1 })],
  });

  it('changes the limit and removes the password, keeping the expiry', async () => {
    const updated: ShareView = { ...protectedShare, maxdownloads: 3, protected: undefined };
    const { fake, user } = renderApp({
      shares: [protectedShare],
      setup: (f) => f.handle('shares:setLinks', () => updated),
    });
    await user.click(await screen.findByRole('button', { name: 'More actions for Q3 report' }));
    await user.click(screen.getByRole('menuitem', { name: 'Expiry, limit and password…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Link options for “Q3 report”' });
    expect(dialog).toHaveTextContent('Expires in 3 days');
    expect(within(dialog).getByLabelText('New password')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Downloads per file')).toHaveValue('2');
    const limit = within(dialog).getByLabelText('Downloads per file');
    await user.clear(limit);
    await user.type(limit, '3');
    await user.click(within(dialog).getByLabelText('Remove the password'));
    expect(within(dialog).getByLabelText('New password')).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fake.callsTo('shares:setLinks')).toEqual([
        { sharename: 's1', links: { maxdownloads: 3, password: null } },
      ]),
    );
    expect(await screen.findByTestId('toast')).toHaveTextContent(
      'Link options saved for Q3 report',
    );
  });

  it('refuses a limit that is not a whole number before sending anything', async () => {
    const { fake, user } = renderApp({ shares: [protectedShare] });
    await user.click(await screen.findByRole('button', { name: 'More actions for Q3 report' }));
    await user.click(screen.getByRole('menuitem', { name: 'Expiry, limit and password…' }));
    const dialog = await screen.findByRole('dialog');
    const limit = within(dialog).getByLabelText('Downloads per file');
    await user.clear(limit);
    await user.type(limit, 'two');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText(/Enter a whole number of downloads/)).toBeInTheDocument();
    expect(limit).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsTo('shares:setLinks')).toEqual([]);
  });
});

describe('what the form sends', () => {
  const at = 1_700_000_000_000;
  const base = share({ sharename: 's', files: [] });
  const form = { expiry: '0', limit: 0, password: '', removePassword: false };

  it('sends only what changed on a share', () => {
    expect(changedOptions(base, form, at)).toEqual({});
    expect(changedOptions({ ...base, expires: 1 }, form, at)).toEqual({ expires: null });
    expect(changedOptions({ ...base, expires: 1 }, { ...form, expiry: 'keep' }, at)).toEqual({});
    expect(changedOptions(base, { ...form, expiry: '3600', limit: 4, password: 'p' }, at)).toEqual({
      expires: 1_700_003_600,
      maxdownloads: 4,
      password: 'p',
    });
    expect(changedOptions({ ...base, maxdownloads: 4 }, form, at)).toEqual({ maxdownloads: null });
  });

  it('sends every option at a drop, so no default applies unasked', () => {
    expect(dropOptions(form, at)).toEqual({ expires: null, maxdownloads: null });
  });
});
