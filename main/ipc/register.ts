/** Registers every command with Electron's ipcMain through the validating dispatcher. */
import { ipcMain, type WebContents } from 'electron';
import { invokeChannels, type EventChannel, type EventContract } from '../../shared/ipc';
import { RegionSchema, type OverlayPicture, type Region } from '../../shared/overlay';
import { dispatch, type Handlers, type SenderCheck } from './handle';

export function registerIpc(handlers: Handlers, isTrusted: SenderCheck): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const frame = event.senderFrame;
      const sender = { url: frame?.url ?? '', isTopFrame: frame !== null && frame.parent === null };
      return dispatch(handlers, isTrusted, channel, sender, payload);
    });
  }
  return () => invokeChannels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Sends one typed event to a window's renderer. */
export function sendEvent<K extends EventChannel>(
  contents: WebContents,
  channel: K,
  payload: EventContract[K],
): void {
  if (!contents.isDestroyed()) contents.send(channel, payload);
}

/**
 * Serves one region overlay: hands `picture` to that window's page and resolves with the
 * region it answers (validated), or null when it cancels or closes. Only `contents` is heard.
 */
export function serveOverlay(
  contents: WebContents,
  picture: OverlayPicture,
): Promise<Region | null> {
  return new Promise((resolve) => {
    const onPicture = (event: Electron.IpcMainInvokeEvent) => {
      if (event.sender !== contents) throw new Error('not the overlay');
      return picture;
    };
    const onDone = (event: Electron.IpcMainEvent, region: unknown) => {
      if (event.sender !== contents) return;
      const parsed = RegionSchema.nullable().safeParse(region);
      finish(parsed.success ? parsed.data : null);
    };
    const finish = (region: Region | null) => {
      ipcMain.removeHandler('overlay:picture');
      ipcMain.off('overlay:done', onDone);
      resolve(region);
    };
    ipcMain.removeHandler('overlay:picture');
    ipcMain.handle('overlay:picture', onPicture);
    ipcMain.on('overlay:done', onDone);
    contents.once('destroyed', () => finish(null));
  });
}
