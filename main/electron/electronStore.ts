/** Settings in electron-store (a JSON file in userData), seen as the core's KeyValueStore. */
import Store from 'electron-store';
import type { KeyValueStore } from '../settings/store';

export function electronSettingsStore(): KeyValueStore {
  const store = new Store({ name: 'settings' });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}
