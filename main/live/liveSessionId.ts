/**
 * The live session id for one server, the same across restarts, so files queued before a
 * restart stay live (the server ties `remote` files to the session they were created with).
 */
import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../settings/store';

export function liveSessionId(store: KeyValueStore, slot: string): string {
  const saved = store.get('liveSessions');
  const all = saved !== null && typeof saved === 'object' ? (saved as Record<string, unknown>) : {};
  const existing = all[slot];
  if (typeof existing === 'string' && existing) return existing;
  const created = randomBytes(16).toString('base64url');
  store.set('liveSessions', { ...all, [slot]: created });
  return created;
}
