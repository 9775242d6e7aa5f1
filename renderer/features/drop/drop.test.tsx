import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DropResult } from '../../../shared/model';
import { file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const dropped = (names: string[]) => names.map((n) => new File(['x'], n));

function dropResult(sharename: string, links: string[]): DropResult {
  return { sharename, links, copied: links.join('\n') };
}

describe('empty window', () => {
  it('teaches how to share and offers Choose files', async () => {
    const { fake, user } = renderApp({
      setup: (f) => f.handle('shares:chooseFiles', () => dropResult('n', ['http://x/n/v/0'])),
    });
    const empty = await screen.findByTestId('empty-state');
    expect(empty).toHaveTextContent('Drop files here to share them');
    const buttons = screen.getAllByRole('button', { name: /choose files/i });
    await user.click(buttons[buttons.length - 1]!);
    expect(fake.callsTo('shares:chooseFiles')).toEqual([{}]);
    expect(await screen.findByTestId('toast')).toHaveTextContent('Link copied');
  });
});

describe('dropping files', () => {
  it('shows the overlay while dragging and hides it on leave', async () => {
    renderApp();
    await screen.findByTestId('empty-state');
    fireEvent.dragEnter(window, { dataTransfer: { types: ['Files'], files: [] } });
    expect(screen.getByTestId('drop-overlay')).toHaveTextContent('new link');
    fireEvent.dragLeave(window, { dataTransfer: { types: ['Files'], files: [] } });
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
  });

  it('makes a new share from several files and folders and says the links are copied', async () => {
    const { fake } = renderApp({
      setup: (f) =>
        f.handle('shares:drop', () =>
          dropResult('new1', ['http://x/new1', 'http://x/new1/v/0', 'http://x/new1/v/1']),
        ),
    });
    fake.paths.set('report.pdf', '/home/me/report.pdf');
    fake.paths.set('photos', '/home/me/photos');
    const empty = await screen.findByTestId('empty-state');
    fireEvent.drop(empty, {
      dataTransfer: { types: ['Files'], files: dropped(['report.pdf', 'photos']) },
    });
    await waitFor(() =>
      expect(fake.callsTo('shares:drop')).toEqual([
        { paths: ['/home/me/report.pdf', '/home/me/photos'] },
      ]),
    );
    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveTextContent('Links copied: the share and 2 files');
    expect(toast).toHaveTextContent('http://x/new1');
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
  });

  it('adds to a share when dropped onto its row', async () => {
    const { fake } = renderApp({
      shares: [
        share({ sharename: 'aaa', title: 'Holiday', created: 200 }),
        share({ sharename: 'bbb', title: 'Work', created: 100, files: [file({ fileid: '0' })] }),
      ],
      setup: (f) => f.handle('shares:drop', () => dropResult('bbb', ['http://x/bbb/v/1'])),
    });
    fake.paths.set('notes.txt', '/tmp/notes.txt');
    await screen.findByTestId('share-list');
    const fileRow = document.querySelector('[data-testid="file-row"][data-sharename="bbb"]')!;
    fireEvent.dragOver(fileRow, { dataTransfer: { types: ['Files'], files: [] } });
    expect(screen.getByTestId('drop-overlay')).toHaveTextContent('Drop to add to “Work”');
    expect(screen.getByTestId('drop-overlay')).toHaveAttribute('data-target', 'bbb');
    fireEvent.drop(fileRow, { dataTransfer: { types: ['Files'], files: dropped(['notes.txt']) } });
    await waitFor(() =>
      expect(fake.callsTo('shares:drop')).toEqual([
        { paths: ['/tmp/notes.txt'], sharename: 'bbb' },
      ]),
    );
    expect(await screen.findByTestId('toast')).toHaveTextContent('Link copied');
  });

  it('explains when dropped items have no path on disk', async () => {
    const { fake } = renderApp();
    const empty = await screen.findByTestId('empty-state');
    fireEvent.drop(empty, { dataTransfer: { types: ['Files'], files: dropped(['from-web.png']) } });
    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveTextContent('Nothing to share there.');
    expect(toast).toHaveTextContent('Drop files or folders from your file manager');
    expect(fake.callsTo('shares:drop')).toEqual([]);
  });

  it('refuses more items than one drop may carry, and says to drop their folder', async () => {
    const { fake } = renderApp();
    const names = Array.from({ length: 10_001 }, (_, i) => `f${i}`);
    for (const n of names) fake.paths.set(n, `/tmp/${n}`);
    const empty = await screen.findByTestId('empty-state');
    fireEvent.drop(empty, { dataTransfer: { types: ['Files'], files: dropped(names) } });
    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveTextContent('nothing was shared');
    expect(toast).toHaveTextContent('or drop the folder that holds them');
    expect(fake.callsTo('shares:drop')).toEqual([]);
  });

  it('says what failed and what to do when the drop is rejected', async () => {
    const { fake } = renderApp({
      setup: (f) =>
        f.handle('shares:drop', () => {
          throw new Error('Your storage is full.');
        }),
    });
    fake.paths.set('big.iso', '/tmp/big.iso');
    const empty = await screen.findByTestId('empty-state');
    fireEvent.drop(empty, { dataTransfer: { types: ['Files'], files: dropped(['big.iso']) } });
    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveTextContent('Could not share the files: Your storage is full.');
    expect(toast).toHaveAttribute('data-kind', 'error');
  });
});

describe('pasting', () => {
  it('shares pasted files as a new share', async () => {
    const { fake } = renderApp({
      setup: (f) => f.handle('shares:drop', () => dropResult('p', ['http://x/p/v/0'])),
    });
    fake.paths.set('shot.png', '/tmp/shot.png');
    await screen.findByTestId('empty-state');
    act(() => {
      fireEvent.paste(document.body, { clipboardData: { files: dropped(['shot.png']) } });
    });
    await waitFor(() =>
      expect(fake.callsTo('shares:drop')).toEqual([{ paths: ['/tmp/shot.png'] }]),
    );
  });

  it('shares the clipboard itself when no files were pasted, but not while typing', async () => {
    const { fake, user } = renderApp({
      setup: (f) => f.handle('shares:shareClipboard', () => dropResult('c', ['http://x/c/v/0'])),
    });
    await screen.findByTestId('empty-state');
    fireEvent.paste(document.body, { clipboardData: { files: [] } });
    await waitFor(() => expect(fake.callsTo('shares:shareClipboard')).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const field = await screen.findByLabelText('Address for links');
    fireEvent.paste(field, { clipboardData: { files: [] } });
    expect(fake.callsTo('shares:shareClipboard')).toHaveLength(1);
  });
});
