/**
 * The one place that listens to main: every `window.api` event feeds a store action, and the
 * first loads fill the stores. Components never subscribe to the API themselves.
 */
import type { ShareView } from '../shared/model';
import type { Api } from './api';
import { errorMessage } from './api';
import { useAccountStore } from './state/account';
import { useConnectionStore } from './state/connection';
import { useProgressStore } from './state/progress';
import { useSettingsStore } from './state/settings';
import { useSharesStore } from './state/shares';
import { toast, useToastsStore } from './state/toasts';
import { useTransfersStore } from './state/transfers';

/** Subscribes to every event and starts the initial loads; returns a function that stops. */
export function startBridge(api: Api): () => void {
  const shares = useSharesStore.getState();
  const progress = useProgressStore.getState();
  // An event that arrives before a first load's answer is newer; the answer must not undo it.
  const pushed = {
    account: false,
    shares: false,
    settings: false,
    live: false,
    downloads: false,
    update: false,
  };
  const setShares = (list: readonly ShareView[]) => {
    pushed.shares = true;
    shares.setShares(list);
    progress.prune(list);
  };
  const offs = [
    api.account.onChanged((a) => {
      pushed.account = true;
      useAccountStore.getState().setAccount(a);
      // Signed out: the last account's shares must not stay on screen.
      if (!a.signedIn) setShares([]);
    }),
    api.shares.onChanged(setShares),
    api.uploads.onProgress((p) => progress.update(p)),
    api.live.onStatus((status) => {
      pushed.live = true;
      useConnectionStore.getState().setStatus(status);
    }),
    api.live.onDownload((d) => toast('info', `Someone is downloading ${d.filename}`)),
    api.settings.onChanged((s) => {
      pushed.settings = true;
      useSettingsStore.getState().setSettings(s);
    }),
    api.downloads.onChanged((list) => {
      pushed.downloads = true;
      useTransfersStore.getState().setDownloads(list);
    }),
    api.updates.onChanged((u) => {
      pushed.update = true;
      useTransfersStore.getState().setUpdate(u);
    }),
    api.toasts.onShow((t) => {
      useToastsStore.getState().push(t);
    }),
  ];

  void api.account.get().then(
    (a) => pushed.account || useAccountStore.getState().setAccount(a),
    (err: unknown) => toast('error', `Could not read your account: ${errorMessage(err)}`),
  );
  void api.shares.list().then(
    (list) => {
      if (pushed.shares) return;
      shares.setShares(list);
      progress.prune(list);
    },
    (err: unknown) => shares.setLoadError(errorMessage(err)),
  );
  void api.live.status().then(
    (status) => pushed.live || useConnectionStore.getState().setStatus(status),
    (err: unknown) => toast('error', `Could not read the connection status: ${errorMessage(err)}`),
  );
  void api.settings.get().then(
    (s) => pushed.settings || useSettingsStore.getState().setSettings(s),
    (err: unknown) => toast('error', `Could not read settings: ${errorMessage(err)}`),
  );

  // Only gett:// downloads already under way when the window opens; the next change brings them.
  void api.downloads.list().then(
    (list) => pushed.downloads || useTransfersStore.getState().setDownloads(list),
    () => {},
  );

  void api.updates.get().then(
    (u) => pushed.update || useTransfersStore.getState().setUpdate(u),
    () => {},
  );

  return () => {
    for (const off of offs) off();
  };
}
