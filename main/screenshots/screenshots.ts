/**
 * "Share a screenshot": the whole screen or a region chosen in the overlay, saved as a PNG in
 * the app's data and shared like a drop, so its link is on the clipboard at once. The platform's
 * capture and the overlay window come in through `Capture` (Electron's desktopCapturer and a
 * window in the app), so this runs in plain Node.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { IpcError } from '../../shared/ipc';
import type { DropResult } from '../../shared/model';
import type { Region } from '../../shared/overlay';

export type ScreenshotMode = 'screen' | 'region';

export interface Shot {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

export interface Capture {
  /** The screen the pointer is on, at its full pixel size. */
  screen(): Promise<Shot>;
  /** Shows `shot` in the overlay; the region chosen in its pixels, or null when cancelled. */
  pickRegion(shot: Shot): Promise<Region | null>;
}

export interface ScreenshotOptions {
  capture: Capture;
  /** Where the PNGs are kept (the app's data). */
  dir: string;
  share(paths: string[]): Promise<DropResult>;
  now?: () => Date;
}

export class Screenshots {
  private busy = false;

  constructor(private readonly o: ScreenshotOptions) {}

  /** Takes and shares one screenshot; null when the person cancelled the region. */
  async take(mode: ScreenshotMode): Promise<DropResult | null> {
    // A second press of the shortcut while the overlay is up would stack overlays.
    if (this.busy) return null;
    this.busy = true;
    try {
      let shot: Shot;
      try {
        shot = await this.o.capture.screen();
      } catch (err) {
        throw new IpcError(
          `The screen could not be captured (${(err as Error).message}). On macOS allow Gett Desktop under System Settings → Privacy & Security → Screen Recording, then try again.`,
          'captureFailed',
        );
      }
      let png = shot.png;
      if (mode === 'region') {
        const region = await this.o.capture.pickRegion(shot);
        if (!region) return null;
        png = await crop(shot, region);
      }
      await mkdir(this.o.dir, { recursive: true });
      const stamp = (this.o.now?.() ?? new Date())
        .toISOString()
        .slice(0, 19)
        .replace('T', ' ')
        .replace(/:/g, '-');
      return await this.o.share([await saveUnique(this.o.dir, `Screenshot ${stamp}`, png)]);
    } finally {
      this.busy = false;
    }
  }
}

/** Writes `<name>.png`, or `<name> (2).png`… when two shots fall in the same second. */
async function saveUnique(dir: string, name: string, png: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? `${name}.png` : `${name} (${n}).png`);
    try {
      await writeFile(path, png, { flag: 'wx' });
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw err;
    }
  }
}

/** The region cut out of the shot, kept inside the picture. */
export async function crop(shot: Shot, region: Region): Promise<Buffer> {
  const left = Math.min(Math.max(0, Math.round(region.x)), shot.width - 1);
  const top = Math.min(Math.max(0, Math.round(region.y)), shot.height - 1);
  const width = Math.max(1, Math.min(Math.round(region.width), shot.width - left));
  const height = Math.max(1, Math.min(Math.round(region.height), shot.height - top));
  return sharp(shot.png).extract({ left, top, width, height }).png().toBuffer();
}
