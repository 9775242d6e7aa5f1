import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/renderApp';

describe('update notice', () => {
  it('offers "Restart to update" once ready, then says the restart waits for uploads', async () => {
    const { fake, user } = renderApp({
      setup: (f) => f.handle('update:restart', () => ({ state: 'waiting', version: '2.0.0' })),
    });
    expect(screen.queryByTestId('update-notice')).toBeNull();
    act(() => fake.emit('update:changed', { state: 'downloading', version: '2.0.0' }));
    expect(screen.queryByTestId('update-notice')).toBeNull();
    act(() => fake.emit('update:changed', { state: 'ready', version: '2.0.0' }));
    const notice = await screen.findByTestId('update-notice');
    expect(notice).toHaveTextContent('Version 2.0.0 is ready.');
    await user.click(within(notice).getByRole('button', { name: 'Restart to update' }));
    expect(fake.callsTo('update:restart')).toHaveLength(1);
    act(() => fake.emit('update:changed', { state: 'waiting', version: '2.0.0' }));
    expect(screen.getByTestId('update-notice')).toHaveTextContent(
      'Version 2.0.0 installs as soon as the uploads have finished.',
    );
  });
});
