import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IpcError, type SettingsPatch } from '../../../shared/ipc';
import type { Settings } from '../../../shared/model';
import { account, settings } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

/** Main's settings:set: merges the patch like the real store does. */
function applyPatch(current: Settings, patch: SettingsPatch): Settings {
  return { ...current, ...patch, server: { ...current.server, ...patch.server } };
}

async function openSettings(options: Parameters<typeof renderApp>[0] = {}) {
  let stored = options.settings ?? settings;
  const app = renderApp({
    ...options,
    setup: (f) => {
      f.handle('settings:set', (patch) => (stored = applyPatch(stored, patch)));
      options.setup?.(f);
    },
  });
  await app.user.click(screen.getByRole('button', { name: 'Settings' }));
  await screen.findByLabelText('Address for links');
  return app;
}

describe('settings', () => {
  it('checks the embedded server form before saving, and previews the LAN link', async () => {
    const { fake, user } = await openSettings();
    expect(screen.getByTestId('lan-preview')).toHaveTextContent('http://192.168.1.20:4000/');
    const port = screen.getByLabelText('Port');
    await user.clear(port);
    await user.type(port, '99999');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('The port is a whole number from 0 to 65535.')).toBeInTheDocument();
    expect(port).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsTo('settings:set')).toEqual([]);

    await user.clear(port);
    await user.type(port, '8080');
    await user.type(screen.getByLabelText('Address for links'), '10.0.0.5');
    expect(screen.getByTestId('lan-preview')).toHaveTextContent('http://10.0.0.5:8080/');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(fake.callsTo('settings:set')).toEqual([
      { server: { embeddedEnabled: true, address: '10.0.0.5', port: 8080 } },
    ]);
    expect(await screen.findByTestId('toast')).toHaveTextContent('Server settings saved');
  });

  it('shows the port main picked when the embedded server starts', async () => {
    const { fake } = await openSettings();
    expect(screen.getByLabelText('Port')).toHaveValue('0');
    act(() =>
      fake.emit('settings:changed', { ...settings, server: { ...settings.server, port: 4123 } }),
    );
    expect(screen.getByLabelText('Port')).toHaveValue('4123');
  });

  it('switches from a remote server back to this computer', async () => {
    const remote = { ...account, mode: 'remote' as const, serverUrl: 'https://files.example.com' };
    const { fake, user } = await openSettings({
      account: remote,
      setup: (f) => f.handle('account:useEmbedded', () => account),
    });
    await user.click(screen.getByRole('button', { name: 'Use this computer' }));
    await waitFor(() => expect(fake.callsTo('account:useEmbedded')).toHaveLength(1));
    expect(fake.callsTo('settings:set')).toEqual([
      { server: { embeddedEnabled: true, address: '', port: 0 } },
    ]);
    await waitFor(() =>
      expect(screen.getByTestId('account-line')).toHaveTextContent('on http://192.168.1.20:4000.'),
    );
  });

  it('checks the remote sign-in form and shows why main refused the sign-in', async () => {
    const { fake, user } = await openSettings({
      setup: (f) =>
        f.handle('account:signInRemote', () => {
          throw new IpcError('Wrong email, password or API key.', 'wrongCredentials');
        }),
    });
    await user.click(screen.getByRole('radio', { name: 'A remote server' }));
    const form = screen.getByRole('form', { name: 'Sign in to a remote server' });
    await user.type(within(form).getByLabelText('Server URL'), 'ftp://example.com');
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect(form).toHaveTextContent('The address must start with http:// or https://.');
    expect(form).toHaveTextContent('Enter your API key.');
    expect(form).toHaveTextContent('Enter your email address.');
    expect(form).toHaveTextContent('Enter your password.');
    expect(fake.callsTo('account:signInRemote')).toEqual([]);

    await user.clear(within(form).getByLabelText('Server URL'));
    await user.type(within(form).getByLabelText('Server URL'), 'https://files.example.com');
    await user.type(within(form).getByLabelText('API key'), 'k-123');
    await user.type(within(form).getByLabelText('Email'), 'ann@example.com');
    await user.type(within(form).getByLabelText('Password'), 'hunter2');
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    // Main's message as it is, and its code: both crossed the bridge as data.
    const failure = await screen.findByTestId('sign-in-error');
    expect(failure.textContent).toBe('Wrong email, password or API key.');
    expect(failure).toHaveAttribute('data-code', 'wrongCredentials');
    expect(fake.callsTo('account:signInRemote')).toEqual([
      {
        url: 'https://files.example.com',
        apikey: 'k-123',
        email: 'ann@example.com',
        password: 'hunter2',
      },
    ]);
  });

  it('signs in to a remote server and offers sign out', async () => {
    const remote = {
      ...account,
      mode: 'remote' as const,
      email: 'ann@example.com',
      serverUrl: 'https://files.example.com',
    };
    const { fake, user } = await openSettings({
      setup: (f) => {
        f.handle('account:signInRemote', () => remote);
        f.handle('account:signOut', () => ({ ...remote, signedIn: false }));
      },
    });
    await user.click(screen.getByRole('radio', { name: 'A remote server' }));
    await user.type(screen.getByLabelText('Server URL'), 'https://files.example.com');
    await user.type(screen.getByLabelText('API key'), 'k');
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const line = screen.getByTestId('account-line');
    await waitFor(() =>
      expect(line).toHaveTextContent('Signed in as ann@example.com on https://files.example.com.'),
    );
    await user.click(within(line).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(line).toHaveTextContent('Not signed in.'));
    expect(fake.callsTo('account:signOut')).toHaveLength(1);
  });

  it('applies preferences at once and refuses a shortcut without a modifier', async () => {
    const { fake, user } = await openSettings();
    await user.selectOptions(screen.getByLabelText('Files uploaded at the same time'), '5');
    await user.click(screen.getByLabelText('Notify me when someone downloads'));
    await user.click(screen.getByLabelText('Start Gett Desktop when I log in'));
    const shortcut = screen.getByLabelText('Global shortcut to share files');
    await user.clear(shortcut);
    await user.type(shortcut, 'U{Enter}');
    expect(screen.getByText(/Use at least one modifier/)).toBeInTheDocument();
    await user.clear(shortcut);
    await user.type(shortcut, 'Alt+Shift+S{Enter}');
    expect(fake.callsTo('settings:set')).toEqual([
      { uploadConcurrency: 5 },
      { notifications: false },
      { launchAtLogin: true },
      { globalShortcut: 'Alt+Shift+S' },
    ]);
  });

  it('sets the upload speed limit in MB/s, refuses nonsense, and empties to no limit', async () => {
    const { fake, user } = await openSettings();
    const field = screen.getByLabelText('Upload speed limit (MB/s)');
    expect(field).toHaveValue('');
    expect(field).toHaveAttribute('placeholder', 'No limit');
    await user.type(field, 'fast{Enter}');
    expect(screen.getByText(/Enter a speed in MB\/s, like 2 or 0\.5/)).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    await user.clear(field);
    await user.type(field, '0.001{Enter}');
    expect(screen.getByText(/Enter a speed from 0\.01 to 10,000 MB\/s/)).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, '2,5{Enter}');
    expect(field).not.toHaveAttribute('aria-invalid');
    // Focus stays in the field after Enter, and the saved value reads back the same.
    expect(field).toHaveFocus();
    await waitFor(() => expect(field).toHaveValue('2.5'));
    await user.clear(field);
    await user.tab(); // leaving the field saves too
    expect(fake.callsTo('settings:set')).toEqual([
      { uploadSpeedLimit: 2_500_000 },
      { uploadSpeedLimit: 0 },
    ]);
    // A cap changed elsewhere (another window, a restart) shows up in the field.
    act(() => fake.emit('settings:changed', { ...settings, uploadSpeedLimit: 750_000 }));
    expect(screen.getByLabelText('Upload speed limit (MB/s)')).toHaveValue('0.75');
  });

  it('switches the theme on the document: forced dark, forced light, then the system', async () => {
    const { user, fake } = await openSettings();
    expect(document.documentElement).not.toHaveAttribute('data-theme');
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-theme', 'dark'));
    await user.click(screen.getByRole('radio', { name: 'Light' }));
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-theme', 'light'));
    act(() => fake.emit('settings:changed', { ...settings, theme: 'system' }));
    expect(document.documentElement).not.toHaveAttribute('data-theme');
  });

  it('shows why a setting could not be saved', async () => {
    const { user } = await openSettings({
      setup: (f) =>
        f.handle('settings:set', () => {
          throw new Error('Launch at login is not supported on this system.');
        }),
    });
    await user.click(screen.getByLabelText('Start Gett Desktop when I log in'));
    expect(
      await screen.findByText('Could not save: Launch at login is not supported on this system.'),
    ).toBeInTheDocument();
  });

  it('sets the defaults for new links: expiry, download limit and asking for a password', async () => {
    const { fake, user } = await openSettings();
    const section = screen.getByRole('region', { name: 'New links' });
    await user.selectOptions(within(section).getByLabelText('Links expire after'), '3 days');
    const limit = within(section).getByLabelText('Downloads per file');
    await user.type(limit, '0{Enter}');
    expect(
      within(section).getByText(/Enter a whole number of downloads from 1 to 1,000,000/),
    ).toBeInTheDocument();
    await user.clear(limit);
    await user.type(limit, '5{Enter}');
    await user.click(within(section).getByLabelText('Ask for a password when I drop files'));
    expect(fake.callsTo('settings:set')).toEqual([
      { defaultExpiry: 3 * 86_400 },
      { defaultMaxDownloads: 5 },
      { askPasswordOnDrop: true },
    ]);
    expect(within(section).getByLabelText('Links expire after')).toHaveValue(String(3 * 86_400));
    expect(within(section).getByLabelText('Ask for a password when I drop files')).toBeChecked();
    await user.clear(limit);
    await user.tab();
    expect(fake.callsTo('settings:set').at(-1)).toEqual({ defaultMaxDownloads: 0 });
  });
});
