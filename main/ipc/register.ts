/** Registers every command with Electron's ipcMain through the validating dispatcher. */
import { ipcMain, type WebContents } from 'electron';
import { invokeChannels, type EventChannel, type EventContract } from '../../shared/ipc';
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
