import { act, screen, within } from '@testing-library/react';
import { Profiler } from 'react';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FileView } from '../../../shared/model';
import { useSharesStore } from '../../state/shares';
import { useProgressStore } from '../../state/progress';
import { FileRow } from '../files/FileRow';
import { file, share } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { createFakeApi } from '../../test/fakeApi';

const up = (fileid: string, phase: 'uploading' | 'queued' | 'paused'): FileView =>
  file({
    fileid,
    filename: `f${fileid}.bin`,
    readystate: phase === 'uploading' ? 'uploading' : 'remote',
    upload: { phase, bytes: 0, total: 100, speed: 0, eta: null },
  });

describe('uploads summary', () => {
  it('counts uploads in the status bar and pauses or resumes them all', async () => {
    const { fake, user } = renderApp({
      shares: [
        share({
          sharename: 's',
          files: [up('0', 'uploading'), up('1', 'queued'), up('2', 'paused')],
        }),
      ],
      setup: (f) => {
        f.handle('uploads:pauseAll', () => undefined);
        f.handle('uploads:resumeAll', () => undefined);
      },
    });
    const summary = await screen.findByTestId('uploads-summary');
    expect(summary).toHaveTextContent('Uploading 2 files, 1 paused');
    await user.click(within(summary).getByRole('button', { name: 'Pause all' }));
    expect(fake.callsTo('uploads:pauseAll')).toHaveLength(1);

    act(() => fake.emit('shares:changed', [share({ sharename: 's', files: [up('0', 'paused')] })]));
    expect(summary).toHaveTextContent('1 paused');
    await user.click(within(summary).getByRole('button', { name: 'Resume all' }));
    expect(fake.callsTo('uploads:resumeAll')).toHaveLength(1);

    act(() =>
      fake.emit('shares:changed', [share({ sharename: 's', files: [file({ fileid: '0' })] })]),
    );
    expect(screen.queryByTestId('uploads-summary')).toBeNull();
  });
});

describe('progress ticks', () => {
  it('re-render only the row of the file that moved', () => {
    window.api = createFakeApi().bridge;
    const files = [up('0', 'uploading'), up('1', 'uploading')];
    useSharesStore.getState().setShares([share({ sharename: 's', files })]);
    const [a, b] = useSharesStore.getState().shares[0]!.files;
    const renders: Record<string, number> = {};
    const count = (id: string) => () => void (renders[id] = (renders[id] ?? 0) + 1);
    render(
      <>
        <Profiler id="a" onRender={count('a')}>
          <FileRow file={a!} />
        </Profiler>
        <Profiler id="b" onRender={count('b')}>
          <FileRow file={b!} />
        </Profiler>
      </>,
    );
    const before = { ...renders };
    act(() =>
      useProgressStore
        .getState()
        .update({ sharename: 's', fileid: '1', bytes: 60, total: 100, speed: 10, eta: 4 }),
    );
    expect(renders.a).toBe(before.a);
    expect(renders.b).toBe((before.b ?? 0) + 1);
    expect(screen.getAllByRole('progressbar')[1]).toHaveAttribute('aria-valuenow', '60');
  });
});

describe('dialogs and views', () => {
  it('closes a delete confirmation when the share disappears meanwhile', async () => {
    const { fake, user } = renderApp({ shares: [share({ sharename: 's', title: 'Gone soon' })] });
    await user.click(await screen.findByRole('button', { name: 'More actions for Gone soon' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    act(() => fake.emit('shares:changed', []));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('empty-state')).toBeInTheDocument();
  });

  it('leaves Settings with Escape, but not while typing in a field', async () => {
    const { user } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(await screen.findByLabelText('Port'));
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('settings')).toBeInTheDocument();
    await user.click(screen.getByRole('heading', { name: 'Settings' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('settings')).toBeNull();
  });
});
