/**
 * Electron's side of screenshots: desktopCapturer takes the screen under the pointer at its
 * full pixel size, and a frameless window over that screen shows the region overlay page.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, desktopCapturer, screen, type Display } from 'electron';
import type { Region } from '../../shared/overlay';
import { serveOverlay } from '../ipc/register';
import type { Capture, Shot } from '../screenshots/screenshots';

export function electronCapture(distDir: string): Capture {
  // The screen of the last capture: the overlay covers that one.
  let display: Display | null = null;
  return {
    async screen(): Promise<Shot> {
      const d = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
      display = d;
      const width = Math.round(d.size.width * d.scaleFactor);
      const height = Math.round(d.size.height * d.scaleFactor);
      const sources = await desktopCapturer.getSources({
        types: ['screen'],
        thumbnailSize: { width, height },
      });
      const source = sources.find((s) => s.display_id === String(d.id)) ?? sources[0];
      if (!source || source.thumbnail.isEmpty()) throw new Error('no screen could be read');
      const size = source.thumbnail.getSize();
      return { png: source.thumbnail.toPNG(), width: size.width, height: size.height };
    },
    async pickRegion(shot: Shot): Promise<Region | null> {
      const bounds = (display ?? screen.getPrimaryDisplay()).bounds;
      const win = new BrowserWindow({
        ...bounds,
        frame: false,
        fullscreen: process.platform !== 'darwin',
        simpleFullscreen: process.platform === 'darwin',
        alwaysOnTop: true,
        skipTaskbar: true,
        resizable: false,
        movable: false,
        show: false,
        webPreferences: {
          preload: join(distDir, 'preload/overlay.cjs'),
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
        },
      });
      win.setAlwaysOnTop(true, 'screen-saver');
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      win.webContents.on('will-navigate', (e) => e.preventDefault());
      const answer = serveOverlay(win.webContents, {
        url: `data:image/png;base64,${shot.png.toString('base64')}`,
        width: shot.width,
        height: shot.height,
      });
      win.once('ready-to-show', () => {
        win.show();
        win.focus();
      });
      // Leaving the overlay (another app focused) cancels it.
      win.on('blur', () => win.close());
      await win.loadURL(pathToFileURL(join(distDir, 'renderer/overlay.html')).href);
      const region = await answer;
      if (!win.isDestroyed()) win.close();
      return region;
    },
  };
}
