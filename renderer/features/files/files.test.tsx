import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appErrorView } from '../../../shared/errors';
import type { FileView } from '../../../shared/model';
import { file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

async function rowOf(fileid: string) {
  await screen.findByTestId('share-list');
  const row = document.querySelector<HTMLElement>(
    `[data-testid="file-row"][data-fileid="${fileid}"]`,
  );
  if (!row) throw new Error(`no row for file ${fileid}`);
  return row;
}

function withFiles(files: FileView[]) {
  return [share({ sharename: 's1', title: 'Docs', files })];
}

const uploading = file({
  fileid: '0',
  filename: 'video.mp4',
  size: 50_000_000,
  readystate: 'uploading',
  upload: { phase: 'uploading', bytes: 10_000_000, total: 50_000_000, speed: 2_000_000, eta: 20 },
});

describe('file rows', () => {
  it('shows percent, speed and time left while uploading, and follows progress events', async () => {
    const { fake } = renderApp({ shares: withFiles([uploading]) });
    const row = await rowOf('0');
    expect(row).toHaveAttribute('data-state', 'uploading');
    const bar = within(row).getByRole('progressbar', { name: 'Upload of video.mp4' });
    expect(bar).toHaveAttribute('aria-valuenow', '20');
    expect(row).toHaveTextContent('20% · 2.0 MB/s · 20 s left');

    act(() =>
      fake.emit('uploads:progress', {
        sharename: 's1',
        fileid: '0',
        bytes: 45_000_000,
        total: 50_000_000,
        speed: 5_000_000,
        eta: 1,
      }),
    );
    expect(bar).toHaveAttribute('aria-valuenow', '90');
    expect(row).toHaveTextContent('90% · 5.0 MB/s · 1 s left');

    act(() =>
      fake.emit('uploads:progress', {
        sharename: 's1',
        fileid: '0',
        bytes: 46_000_000,
        total: 50_000_000,
        speed: 0,
        eta: null,
      }),
    );
    expect(row).toHaveTextContent('92% · 0 B/s · calculating…');
  });

  it('says an upload is waiting for the server while the connection is away', async () => {
    const { fake } = renderApp({ shares: withFiles([uploading]) });
    const row = await rowOf('0');
    const stall = { sharename: 's1', fileid: '0', bytes: 10_000_000, total: 50_000_000 };
    act(() => fake.emit('uploads:progress', { ...stall, speed: 0, eta: null }));
    expect(row).toHaveTextContent('20% · 0 B/s · calculating…');

    act(() => fake.emit('live:status', 'reconnecting'));
    expect(row).toHaveTextContent('20% · waiting for the server to come back');
    // The speed of the last bytes sent decays over a few seconds; it is not a live figure.
    act(() => fake.emit('uploads:progress', { ...stall, speed: 400_000, eta: 100 }));
    expect(row).toHaveTextContent('20% · waiting for the server to come back');

    act(() => fake.emit('live:status', 'online'));
    act(() => fake.emit('uploads:progress', { ...stall, speed: 1_000_000, eta: 40 }));
    expect(row).toHaveTextContent('20% · 1.0 MB/s · 40 s left');
    expect(row).not.toHaveTextContent('waiting for the server');
  });

  it('pauses, resumes and cancels through main', async () => {
    const { fake, user } = renderApp({
      shares: withFiles([
        uploading,
        file({
          fileid: '1',
          filename: 'big.iso',
          readystate: 'remote',
          upload: { phase: 'paused', bytes: 5, total: 10, speed: 0, eta: null },
        }),
      ]),
      setup: (f) => {
        f.handle('uploads:pause', () => undefined);
        f.handle('uploads:resume', () => undefined);
        f.handle('uploads:cancel', () => undefined);
      },
    });
    const paused = await rowOf('1');
    expect(paused).toHaveAttribute('data-state', 'paused');
    expect(paused).toHaveTextContent('50% · paused · 5 B of 10 B');
    await user.click(screen.getByRole('button', { name: 'Pause video.mp4' }));
    await user.click(screen.getByRole('button', { name: 'Resume big.iso' }));
    await user.click(await screen.findByRole('button', { name: 'More actions for big.iso' }));
    await user.click(screen.getByRole('menuitem', { name: 'Cancel upload' }));
    expect(fake.callsTo('uploads:pause')).toEqual([{ sharename: 's1', fileid: '0' }]);
    expect(fake.callsTo('uploads:resume')).toEqual([{ sharename: 's1', fileid: '1' }]);
    expect(fake.callsTo('uploads:cancel')).toEqual([{ sharename: 's1', fileid: '1' }]);
  });

  it('shows an uploaded file with size, downloads, thumbnail and link actions', async () => {
    const { fake, user } = renderApp({
      shares: withFiles([
        file({
          fileid: '2',
          filename: 'cat.jpg',
          size: 2_400_000,
          downloads: 3,
          thumbUrl: 'http://127.0.0.1:4000/1/files/s1/2/blob/thumb',
        }),
      ]),
      setup: (f) => {
        f.handle('links:copy', () => undefined);
        f.handle('links:open', () => undefined);
      },
    });
    const row = await rowOf('2');
    expect(row).toHaveAttribute('data-state', 'uploaded');
    expect(row).toHaveTextContent('2.4 MB · 3 downloads');
    expect(row.querySelector('img')).toHaveAttribute(
      'src',
      'http://127.0.0.1:4000/1/files/s1/2/blob/thumb',
    );
    await user.click(within(row).getByRole('button', { name: 'Copy link for cat.jpg' }));
    await user.click(await screen.findByRole('button', { name: 'More actions for cat.jpg' }));
    await user.click(screen.getByRole('menuitem', { name: 'Open in browser' }));
    expect(fake.callsTo('links:copy')).toEqual([{ text: 'http://127.0.0.1:4000/s1/v/2' }]);
    expect(fake.callsTo('links:open')).toEqual([{ url: 'http://127.0.0.1:4000/s1/v/2' }]);
    expect(await screen.findByTestId('toast')).toHaveTextContent('Link copied for cat.jpg');
  });

  it('shows a failed upload with what to do and a Retry button', async () => {
    const { fake, user } = renderApp({
      shares: withFiles([
        file({
          fileid: '3',
          filename: 'huge.mov',
          readystate: 'remote',
          upload: {
            phase: 'failed',
            bytes: 0,
            total: 9_000_000_000,
            speed: 0,
            eta: null,
            error: appErrorView('fileTooLarge'),
          },
        }),
      ]),
      setup: (f) => f.handle('uploads:retry', () => undefined),
    });
    const row = await rowOf('3');
    expect(row).toHaveAttribute('data-state', 'failed');
    expect(row).toHaveTextContent('This file is larger than the space left on your account.');
    expect(row).toHaveTextContent('Delete old shares to free space, then retry.');
    await user.click(within(row).getByRole('button', { name: 'Retry' }));
    expect(fake.callsTo('uploads:retry')).toEqual([{ sharename: 's1', fileid: '3' }]);
  });

  it('shows a file removed for terms without link actions', async () => {
    const { user } = renderApp({
      shares: withFiles([
        file({ fileid: '4', filename: 'bad.exe', readystate: 'removed', removedReason: 'malware' }),
      ]),
    });
    const row = await rowOf('4');
    expect(row).toHaveAttribute('data-state', 'removed');
    expect(row).toHaveTextContent('The file was removed for breaking the terms of use.');
    expect(row).toHaveTextContent('(malware)');
    expect(within(row).queryByRole('button', { name: /copy link/i })).toBeNull();
    await user.click(within(row).getByRole('button', { name: 'More actions for bad.exe' }));
    expect(screen.getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Delete']);
  });

  it('shows files uploaded by another app without progress or upload controls', async () => {
    renderApp({
      shares: withFiles([
        file({ fileid: '6', filename: 'elsewhere.txt', readystate: 'uploading', size: 2000 }),
        file({ fileid: '7', filename: 'later.txt', readystate: 'remote', size: 10 }),
      ]),
    });
    const uploading = await rowOf('6');
    expect(uploading).toHaveAttribute('data-state', 'uploading');
    expect(uploading).toHaveTextContent('2.0 kB · Uploading from another app · 0 downloads');
    expect(within(uploading).queryByRole('progressbar')).toBeNull();
    expect(within(uploading).queryByRole('button', { name: /pause|cancel/i })).toBeNull();
    const waiting = await rowOf('7');
    expect(waiting).toHaveAttribute('data-state', 'queued');
    expect(waiting).toHaveTextContent('Waiting for the uploader');
    expect(within(waiting).getByRole('button', { name: 'Copy link for later.txt' })).toBeEnabled();
  });

  it('shows a type badge for queued files without a thumbnail', async () => {
    renderApp({
      shares: withFiles([
        file({
          fileid: '5',
          filename: 'notes.pdf',
          readystate: 'remote',
          upload: { phase: 'queued', bytes: 0, total: 100, speed: 0, eta: null },
        }),
      ]),
    });
    const row = await rowOf('5');
    expect(row).toHaveAttribute('data-state', 'queued');
    expect(row).toHaveTextContent('PDF');
    expect(row).toHaveTextContent('Queued');
  });
});
