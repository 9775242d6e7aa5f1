/**
 * What the tray menu shows, derived from the core's events: the recent links, the shortcut
 * and the upload counts of the last share list. Pausing from the window or the tray, a new
 * drop or a finished upload all arrive as `shares:changed`, so the menu never goes stale.
 */
import type { EventChannel, EventContract } from '../../shared/ipc';
import type { ShareView } from '../../shared/model';
import { uploadCounts } from '../../shared/uploads';
import type { Core } from '../core';
import { nameLinks } from './linkNames';
import type { TrayState } from './trayTemplate';

export type TraySource = Pick<
  Core,
  'onEvent' | 'recentLinks' | 'onRecentLinks' | 'settings' | 'update'
>;

/** Narrows an event's payload by its channel (the core emits each channel's own type). */
export function isEvent<K extends EventChannel>(
  want: K,
  channel: EventChannel,
  _payload: unknown,
): _payload is EventContract[K] {
  return channel === want;
}

/** Calls `update` with the tray's state now and after every change; returns the unsubscribe. */
export function watchTray(source: TraySource, update: (state: TrayState) => void): () => void {
  let shares: readonly ShareView[] = [];
  const push = () =>
    update({
      recentLinks: nameLinks(source.recentLinks(), shares),
      uploads: uploadCounts(shares),
      shortcut: source.settings().globalShortcut,
      screenshotShortcut: source.settings().screenshotShortcut,
      update: source.update(),
    });
  const offEvents = source.onEvent((channel, payload) => {
    if (isEvent('shares:changed', channel, payload)) shares = payload;
    else if (
      !isEvent('settings:changed', channel, payload) &&
      !isEvent('update:changed', channel, payload)
    ) {
      return;
    }
    push();
  });
  const offLinks = source.onRecentLinks(push);
  push();
  return () => {
    offEvents();
    offLinks();
  };
}
