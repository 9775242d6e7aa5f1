/** Mounts the whole window against a fake preload API, with the bridge running. */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../app/App';
import { startBridge } from '../bridge';
import { createFakeApi } from './fakeApi';
import type { FakeApi } from './fakeApi';
import { account, settings } from './fixtures';
import type { AccountView, Settings, ShareView } from '../../shared/model';

interface Options {
  shares?: ShareView[];
  account?: AccountView;
  settings?: Settings;
  /** Adjust handlers before the bridge starts its first loads. */
  setup?: (fake: FakeApi) => void;
}

export function renderApp(options: Options = {}) {
  const fake = createFakeApi();
  fake.handle('shares:list', () => options.shares ?? []);
  fake.handle('account:get', () => options.account ?? account);
  fake.handle('settings:get', () => options.settings ?? settings);
  fake.handle('live:status', () => 'connecting');
  fake.handle('downloads:list', () => []);
  fake.handle('update:get', () => ({ state: 'none' }));
  options.setup?.(fake);
  window.api = fake.bridge;
  const stop = startBridge(fake.api);
  const user = userEvent.setup();
  const view = render(<App />);
  return { fake, user, stop, ...view };
}
