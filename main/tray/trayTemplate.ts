/**
 * The tray menu as plain data: Share files…, Share clipboard, recent links by name (a click
 * copies one), pause or resume all, open and quit. The Electron glue only turns it into a Menu.
 */
import type { UpdateView } from '../../shared/model';
import type { UploadCounts } from '../../shared/uploads';
import { recentLabel, type RecentLink } from './linkNames';

export interface TrayItem {
  readonly label?: string;
  readonly type?: 'normal' | 'separator' | 'submenu';
  readonly enabled?: boolean;
  readonly accelerator?: string;
  readonly click?: () => void;
  readonly submenu?: readonly TrayItem[];
}

export interface TrayState {
  readonly recentLinks: readonly RecentLink[];
  readonly uploads: UploadCounts;
  readonly shortcut: string;
  /** The screenshot shortcut, shown beside its item. */
  readonly screenshotShortcut?: string;
  /** The app's own update; absent or 'none' shows nothing. */
  readonly update?: UpdateView;
}

export interface TrayActions {
  shareFiles: () => void;
  shareClipboard: () => void;
  /** Share a screenshot of a region chosen in the overlay. */
  screenshot: () => void;
  copyLink: (link: string) => void;
  pauseAll: () => void;
  resumeAll: () => void;
  open: () => void;
  restartToUpdate: () => void;
  quit: () => void;
}

/** "Restart to update", or that the restart waits for the uploads; nothing without an update. */
function updateItems(update: UpdateView | undefined, restart: () => void): TrayItem[] {
  const version = update?.version ? ` to ${update.version}` : '';
  if (update?.state === 'ready') return [{ label: `Restart to update${version}`, click: restart }];
  if (update?.state === 'waiting') {
    return [{ label: `Restarts${version} when uploads finish`, enabled: false }];
  }
  return [];
}

export function trayTemplate(state: TrayState, actions: TrayActions): TrayItem[] {
  const recent: TrayItem[] =
    state.recentLinks.length > 0
      ? state.recentLinks.map((r) => ({
          label: recentLabel(r),
          click: () => actions.copyLink(r.link),
        }))
      : [{ label: 'No links yet', enabled: false }];
  return [
    // The global shortcut does what this item does, so the menu shows it here.
    { label: 'Share files…', accelerator: state.shortcut || undefined, click: actions.shareFiles },
    { label: 'Share clipboard', click: actions.shareClipboard },
    {
      label: 'Share a screenshot',
      accelerator: state.screenshotShortcut || undefined,
      click: actions.screenshot,
    },
    { type: 'separator' },
    { label: 'Recent links', type: 'submenu', submenu: recent },
    { type: 'separator' },
    // Resume only once nothing is sending or waiting; Pause all stays greyed while idle.
    state.uploads.active === 0 && state.uploads.paused > 0
      ? { label: 'Resume all uploads', click: actions.resumeAll }
      : { label: 'Pause all uploads', enabled: state.uploads.active > 0, click: actions.pauseAll },
    { label: 'Open Gett Desktop', click: actions.open },
    ...updateItems(state.update, actions.restartToUpdate),
    { type: 'separator' },
    { label: 'Quit', click: actions.quit },
  ];
}
