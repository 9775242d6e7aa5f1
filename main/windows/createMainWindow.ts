/** Creates the app window from the hardened options and keeps it from leaving the app. */
import { BrowserWindow, session, shell } from 'electron';
import { contentSecurityPolicy, isExternalWebUrl, mainWindowOptions } from './windowOptions';

export interface MainWindowInput {
  preloadPath: string;
  rendererUrl: string;
  dark: boolean;
  /** Origins thumbnails may be loaded from. */
  serverOrigins: () => readonly string[];
}

let cspInstalled = false;

export function createMainWindow(input: MainWindowInput): BrowserWindow {
  if (!cspInstalled) {
    cspInstalled = true;
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [contentSecurityPolicy(input.serverOrigins())],
        },
      });
    });
    // The renderer needs no camera, microphone, location or notifications permission.
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  }
  const win = new BrowserWindow(mainWindowOptions(input));
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (url !== input.rendererUrl) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(input.rendererUrl);
  return win;
}
