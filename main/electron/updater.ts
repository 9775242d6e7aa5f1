/**
 * electron-updater as the update policy's `Updater`. Only a packaged app updates itself (its
 * resources/app-update.yml says where from); `npm start` and the stand-in for Electron get none.
 */
import { app } from 'electron';
import type { Updater } from '../updates/updatePolicy';

export async function electronUpdater(): Promise<Updater | undefined> {
  if (!app.isPackaged) return undefined;
  const { autoUpdater } = await import('electron-updater');
  autoUpdater.autoDownload = true; // in the background
  autoUpdater.autoInstallOnAppQuit = true; // a normal quit installs it too
  return autoUpdater;
}
