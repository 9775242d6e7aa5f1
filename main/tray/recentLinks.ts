/**
 * The last links copied, newest first, kept in the settings store so the tray offers them
 * again after a restart.
 */
import type { KeyValueStore } from '../settings/store';

const LIMIT = 10;
const KEY = 'recentLinks';

export class RecentLinks {
  private links: string[];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly store: KeyValueStore) {
    const saved = store.get(KEY);
    this.links = Array.isArray(saved)
      ? saved.filter((l): l is string => typeof l === 'string')
      : [];
  }

  list(): readonly string[] {
    return this.links;
  }

  /** Adds what was put on the clipboard: one link per line. */
  copied(text: string): void {
    const added = text.split('\n').filter(Boolean);
    this.links = [...added, ...this.links.filter((l) => !added.includes(l))].slice(0, LIMIT);
    this.store.set(KEY, this.links);
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
