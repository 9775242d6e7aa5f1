/**
 * What a launch asks for, read from a command line: files and folders to share, gett:// links
 * to open, a screenshot, and whether to print the links. The same parse serves the first
 * start, a second instance's argv and desktop-entry actions.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ScreenshotMode = 'screen' | 'region';

export interface LaunchRequest {
  /** Absolute paths to share, in the order given. */
  readonly paths: string[];
  /** gett:// links to open. */
  readonly urls: string[];
  readonly screenshot: ScreenshotMode | null;
  /** `--print-links`: write the links on stdout, one a line, for scripts. */
  readonly printLinks: boolean;
}

export const emptyLaunch: LaunchRequest = {
  paths: [],
  urls: [],
  screenshot: null,
  printLinks: false,
};

/**
 * Where the app's own arguments start in argv: after the executable, and after the app
 * folder when run as `electron .` (`process.defaultApp`).
 */
export function argStart(defaultApp: boolean | undefined): number {
  return defaultApp ? 2 : 1;
}

/**
 * Parses the app's arguments (argv without the executable). Other switches (Chromium adds its
 * own to a second instance's argv) are ignored; after `--` everything is a path.
 */
export function parseLaunchArgs(args: readonly string[], cwd: string): LaunchRequest {
  const paths: string[] = [];
  const urls: string[] = [];
  let screenshot: ScreenshotMode | null = null;
  let printLinks = false;
  let onlyPaths = false;
  for (const arg of args) {
    if (!onlyPaths && arg === '--') {
      onlyPaths = true;
    } else if (!onlyPaths && arg === '--print-links') {
      printLinks = true;
    } else if (!onlyPaths && (arg === '--screenshot' || arg.startsWith('--screenshot='))) {
      screenshot = arg.endsWith('=screen') ? 'screen' : 'region';
    } else if (!onlyPaths && arg.startsWith('-')) {
      // a switch for Electron or Chromium
    } else if (!onlyPaths && /^gett:/i.test(arg)) {
      urls.push(arg);
    } else if (!onlyPaths && /^file:\/\//i.test(arg)) {
      // Linux file managers pass file:// URIs to a desktop entry's %U.
      try {
        paths.push(fileURLToPath(arg));
      } catch {
        paths.push(resolve(cwd, arg));
      }
    } else if (arg.length > 0) {
      paths.push(isAbsolute(arg) ? arg : resolve(cwd, arg));
    }
  }
  return { paths, urls, screenshot, printLinks };
}

/** True when the launch asks for nothing but the window. */
export function isEmptyLaunch(r: LaunchRequest): boolean {
  return r.paths.length === 0 && r.urls.length === 0 && r.screenshot === null;
}
