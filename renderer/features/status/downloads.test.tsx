import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/renderApp';

describe('downloads summary', () => {
  it('shows a gett:// download with its progress, then where it was saved or why not', async () => {
    const { fake } = renderApp();
    expect(screen.queryByTestId('downloads-summary')).toBeNull();
    act(() =>
      fake.emit('downloads:changed', [
        { id: '1', filename: 'report.pdf', bytes: 40, total: 100, phase: 'downloading' },
      ]),
    );
    const summary = await screen.findByTestId('downloads-summary');
    expect(summary).toHaveTextContent('Downloading report.pdf — 40%');
    expect(screen.getByRole('progressbar', { name: 'Downloading report.pdf' })).toHaveAttribute(
      'value',
      '40',
    );
    act(() =>
      fake.emit('downloads:changed', [
        {
          id: '1',
          filename: 'report.pdf',
          bytes: 100,
          total: 100,
          phase: 'finished',
          path: '/home/me/Downloads/report.pdf',
        },
      ]),
    );
    expect(summary).toHaveTextContent('Saved /home/me/Downloads/report.pdf');
    act(() =>
      fake.emit('downloads:changed', [
        {
          id: '2',
          filename: 'gone.zip',
          bytes: 0,
          total: null,
          phase: 'failed',
          error: 'The share abc is not there any more. Ask the sender for a new link.',
        },
      ]),
    );
    expect(screen.getByTestId('downloads-summary')).toHaveTextContent(
      'gone.zip was not downloaded: The share abc is not there any more. Ask the sender for a new link.',
    );
  });
});
