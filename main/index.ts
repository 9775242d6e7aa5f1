/**
 * Composition root: Electron glue + createCore + IPC + window and tray wiring. The tray keeps
 * the app running when the window closes; quitting is explicit.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow } from 'electron';
import { app, globalShortcut, nativeTheme } from 'electron';
import { drop } from '../shared/log';
import type { Settings } from '../shared/model';
import { createCore, type Core } from './core';
import { electronSettingsStore } from './electron/electronStore';
import { handOver, listenForLaunches, printOutcome, thisLaunch } from './electron/entryPoints';
import { electronShell, forkWithUtilityProcess } from './electron/shell';
import { electronUpdater } from './electron/updater';
import { electronCapture } from './electron/capture';
import { trustedSender } from './ipc/handle';
import { registerIpc, sendEvent } from './ipc/register';
import { LaunchRouter } from './launch/launchRouter';
import { createTray } from './tray/createTray';
import { isEvent, watchTray } from './tray/trayState';
import { createMainWindow } from './windows/createMainWindow';

const rendererUrl = pathToFileURL(join(__dirname, '../renderer/index.html')).href;
let win: BrowserWindow | null = null;
let quitting = false;

// Files and links can arrive before the core exists (macOS sends them before ready).
let coreStarted: (core: Core) => void = () => {};
const started = new Promise<Core>((resolve) => (coreStarted = resolve));
const signedInCore = started.then(async (core) => (await core.ready, core));
const launches = new LaunchRouter({
  share: async (paths) => (await signedInCore).handlers['shares:drop']({ paths }),
  openLink: async (url) => {
    const opened = await (await started).openLink(url);
    return { links: opened.kind === 'downloaded' ? opened.paths : [opened.url] };
  },
  screenshot: async (mode) => (await signedInCore).screenshot(mode),
  showWindow: () => drop(started.then(showWindow)),
  report: (err) =>
    drop(
      started.then((core) => core.reportProblem(err instanceof Error ? err.message : String(err))),
    ),
});

function showWindow(core: Core): void {
  if (win && !win.isDestroyed()) {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return;
  }
  win = createMainWindow({
    preloadPath: join(__dirname, '../preload/index.cjs'),
    rendererUrl,
    dark: nativeTheme.shouldUseDarkColors,
    serverOrigins: () => {
      const url = core.settings().server.url;
      return ['http://127.0.0.1:*', 'http://localhost:*', ...(url ? [new URL(url).origin] : [])];
    },
  });
  win.on('closed', () => {
    win = null;
  });
}

let appliedSystemSettings = '';

/** Hands login item, theme and shortcuts to the OS, when one of them changed. */
function applySystemSettings(
  core: Core,
  s: Settings,
  shortcuts: { shareFiles: () => void; screenshot: () => void },
): void {
  const wanted = JSON.stringify([s.launchAtLogin, s.theme, s.globalShortcut, s.screenshotShortcut]);
  if (wanted === appliedSystemSettings) return;
  appliedSystemSettings = wanted;
  app.setLoginItemSettings({ openAtLogin: s.launchAtLogin });
  nativeTheme.themeSource = s.theme;
  globalShortcut.unregisterAll();
  const bind = (accelerator: string, run: () => void, example: string) => {
    if (!accelerator) return;
    let registered: boolean;
    try {
      registered = globalShortcut.register(accelerator, run);
    } catch {
      registered = false; // not a shortcut Electron understands
    }
    if (!registered) {
      core.reportProblem(
        `The shortcut ${accelerator} cannot be used: it is taken or not valid.`,
        `Choose another one in Settings, e.g. ${example}.`,
      );
    }
  };
  bind(s.globalShortcut, shortcuts.shareFiles, 'CommandOrControl+Shift+U');
  bind(s.screenshotShortcut, shortcuts.screenshot, 'CommandOrControl+Alt+S');
}

async function start(): Promise<void> {
  // Bound once the core exists: a notification click opens the window.
  let openApp = () => {};
  const updater = await electronUpdater();
  const core = await createCore({
    ...electronShell(
      () => win,
      () => openApp(),
    ),
    userDataDir: app.getPath('userData'),
    settingsStore: electronSettingsStore(),
    embeddedHost: forkWithUtilityProcess,
    embeddedEntry: join(__dirname, '../server/embedded.cjs'),
    downloadsDir: () => app.getPath('downloads'),
    ...(updater ? { updater } : {}),
    capture: electronCapture(join(__dirname, '..')),
  });
  registerIpc(core.handlers, trustedSender(rendererUrl));
  openApp = () => showWindow(core);
  coreStarted(core);

  // Tray and shortcut actions have no caller to show a failure: the core reports it.
  const run = (p: Promise<unknown>) =>
    drop(p, (err) => core.reportProblem(err instanceof Error ? err.message : String(err)));
  const shareFiles = () => run(core.handlers['shares:chooseFiles']({}));
  const screenshot = () => run(core.screenshot('region'));
  const shortcuts = { shareFiles, screenshot };
  const tray = createTray(
    {
      shareFiles,
      shareClipboard: () => run(core.handlers['shares:shareClipboard'](undefined)),
      screenshot,
      copyLink: (text) => run(core.handlers['links:copy']({ text })),
      pauseAll: () => run(core.handlers['uploads:pauseAll'](undefined)),
      resumeAll: () => run(core.handlers['uploads:resumeAll'](undefined)),
      open: () => showWindow(core),
      restartToUpdate: () => run(core.handlers['update:restart'](undefined)),
      quit: () => app.quit(),
    },
    (paths) => run(core.handlers['shares:drop']({ paths })),
  );

  core.onEvent((channel, payload) => {
    if (win && !win.isDestroyed()) sendEvent(win.webContents, channel, payload);
    if (isEvent('settings:changed', channel, payload)) {
      applySystemSettings(core, payload, shortcuts);
    }
  });
  watchTray(core, (state) => tray.update(state));
  applySystemSettings(core, core.settings(), shortcuts);
  showWindow(core);
  const launch = thisLaunch();
  drop(launches.handle(launch).then((out) => launch.printLinks && printOutcome(out)));
  app.on('activate', () => showWindow(core));
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Stop uploads cleanly (they resume next start) and the embedded server, then quit.
    event.preventDefault();
    quitting = true;
    globalShortcut.unregisterAll();
    tray.destroy();
    drop(Promise.all([stopLaunches(), core.close()]).finally(() => app.quit()));
  });
}

let stopLaunches = () => Promise.resolve();
if (!app.requestSingleInstanceLock()) {
  handOver(thisLaunch());
} else {
  stopLaunches = listenForLaunches(launches);
  app.on('window-all-closed', () => {
    // The tray keeps the app running; quitting is explicit.
  });
  app.enableSandbox();
  drop(app.whenReady().then(start), (err) => {
    console.error('Gett Desktop failed to start', err);
    app.exit(1);
  });
}
