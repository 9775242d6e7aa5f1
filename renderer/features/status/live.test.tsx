import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appErrorView } from '../../../shared/errors';
import { account, file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

describe('live downloads', () => {
  it('toasts "Someone is downloading" and bumps the counters when main reports it', async () => {
    const report = file({ fileid: '0', filename: 'report.pdf', downloads: 1 });
    const { fake } = renderApp({
      shares: [share({ sharename: 's1', title: 'Q3', files: [report] })],
    });
    await screen.findByTestId('share-list');
    const shareRow = screen.getByTestId('share-row');
    expect(shareRow).toHaveTextContent('1 download');

    act(() => {
      fake.emit('live:download', { sharename: 's1', fileid: '0', filename: 'report.pdf' });
      fake.emit('shares:changed', [
        share({ sharename: 's1', title: 'Q3', files: [{ ...report, downloads: 2 }] }),
      ]);
    });
    expect(screen.getByTestId('toast')).toHaveTextContent('Someone is downloading report.pdf');
    expect(screen.getByTestId('file-row')).toHaveTextContent('2 downloads');
    expect(screen.getByTestId('share-row')).toHaveTextContent('2 downloads');
  });

  it('shows toasts main sends, with the next step, until dismissed when they are errors', async () => {
    const { fake, user } = renderApp();
    await screen.findByTestId('empty-state');
    act(() =>
      fake.emit('toast:show', {
        id: 't1',
        kind: 'error',
        message: 'Your storage is full.',
        action: 'Delete old shares to free space, then retry.',
      }),
    );
    const toast = screen.getByTestId('toast');
    expect(toast).toHaveTextContent('Delete old shares to free space, then retry.');
    await user.click(within(toast).getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByTestId('toast')).toBeNull();
  });
});

describe('status bar', () => {
  it('shows the connection state quietly, with advice when offline', async () => {
    const { fake } = renderApp();
    const status = await screen.findByTestId('connection-status');
    expect(status).toHaveTextContent('Connecting…');
    act(() => fake.emit('live:status', 'online'));
    expect(status).toHaveAttribute('data-status', 'online');
    expect(status).toHaveTextContent('Online');
    act(() => fake.emit('live:status', 'reconnecting'));
    expect(status).toHaveTextContent('Reconnecting…');
    act(() => fake.emit('live:status', 'offline'));
    expect(status).toHaveTextContent('Offline');
    expect(status).toHaveTextContent('Check your network or the server address in Settings');
  });

  it('shows storage used of the limit, and what to do when full', async () => {
    const { fake } = renderApp();
    const storage = await screen.findByTestId('storage');
    expect(await within(storage).findByText('250 MB of 2.0 GB used')).toBeInTheDocument();
    expect(within(storage).getByRole('meter', { name: 'Storage used' })).toHaveAttribute(
      'aria-valuenow',
      '12',
    );
    act(() =>
      fake.emit('account:changed', {
        ...account,
        storage: { used: 2_000_000_000, limit: 2_000_000_000, extra: 0 },
      }),
    );
    expect(storage).toHaveTextContent('Delete old shares to free space.');
  });
});

describe('account errors', () => {
  it('says the person is signed out and leads to Settings', async () => {
    const { user } = renderApp({
      account: { ...account, signedIn: false, error: appErrorView('signedOut') },
    });
    const banner = await screen.findByTestId('account-error');
    expect(banner).toHaveTextContent('You are signed out. Sign in again in Settings.');
    await user.click(within(banner).getByRole('button', { name: 'Open Settings' }));
    expect(screen.getByTestId('settings')).toBeInTheDocument();
  });

  it('says when the server is unreachable', async () => {
    renderApp({
      account: { ...account, error: appErrorView('serverUnreachable', 'ECONNREFUSED') },
    });
    const banner = await screen.findByTestId('account-error');
    expect(banner).toHaveTextContent('The server cannot be reached.');
    expect(banner).toHaveTextContent('(ECONNREFUSED)');
  });
});

describe('start-up of the embedded server', () => {
  it('says the server is starting instead of "signed out", then shows the shares', async () => {
    const starting = { ...account, signedIn: false, email: null, storage: null };
    const { fake } = renderApp({
      account: starting,
      setup: (f) =>
        f.handle('shares:list', () => {
          throw new Error('You are signed out. Sign in again in Settings.');
        }),
    });
    expect(await screen.findByTestId('starting')).toHaveTextContent('Starting the server');
    expect(screen.queryByTestId('account-error')).toBeNull();
    act(() => {
      fake.emit('account:changed', account);
      fake.emit('shares:changed', []);
    });
    expect(screen.getByTestId('empty-state')).toBeInTheDocument();
  });

  it('shows why the embedded server could not start', async () => {
    renderApp({
      account: { ...account, signedIn: false, error: appErrorView('unknown', 'EADDRINUSE') },
    });
    expect(await screen.findByTestId('account-error')).toHaveTextContent('(EADDRINUSE)');
  });
});
