/**
 * Runs the whole app in a browser for tests: the real renderer bundle in Chromium, joined to
 * the real main-process core in Node through the preload's typed API, against a real server.
 * Only the OS shell around Electron is replaced by a recording one (clipboard, notifications,
 * file dialog). Use the `launchApp` fixture; every app it starts is closed after the test.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import type { Credentials } from '../shared/gett';
import type { EventChannel, SettingsPatch } from '../shared/ipc';
import { createCore, type Core } from '../main/core';
import { dispatch, trustedSender } from '../main/ipc/handle';
import { forkWithNode } from '../main/server/nodeFork';
import { JsonFileStore } from '../main/settings/store';
import { recordEvents } from '../main/testing/harness';
import { recordingShell, type RecordingShell } from '../main/testing/recordingShell';
import { startGatedServer, type GatedServer } from './support/servers';
import { serveStatic, type StaticSite } from './support/static';

const root = resolve(import.meta.dirname, '..');
const browserApi = join(root, 'dist/e2e/browser-api.js');
const rendererDir = join(root, 'dist/renderer');
const embeddedEntry = join(root, 'dist/server/embedded.cjs');
const noop = () => undefined;
export const screenshotsDir = join(root, 'e2e-output/screenshots');

export type RemoteAccount = Credentials;

export interface LaunchOptions {
  /** The app's user-data folder; a fresh one under the test's output folder by default. */
  dataDir?: string;
  /** Sign in to this remote server (with `account`) instead of starting the embedded one. */
  serverUrl?: string;
  account?: RemoteAccount;
  /** Settings that win over saved ones (e.g. uploadConcurrency). */
  settings?: SettingsPatch;
  colorScheme?: 'light' | 'dark';
  /** What the window must show before the app counts as started. Default 'online'. */
  ready?: 'online' | 'loaded';
}

export interface App {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly core: Core;
  /** The base URL of links the app hands out (the embedded server's, or the remote one). */
  readonly serverUrl: string;
  readonly dataDir: string;
  /** Every text written to the clipboard, oldest first. */
  readonly clipboard: readonly string[];
  readonly notifications: readonly { title: string; body: string }[];
  /** The recording shell: set `clipboardContent` to stage what a clipboard share reads. */
  readonly shell: RecordingShell;
  /** Every event main pushed to the window, with a waiter. */
  readonly events: ReturnType<typeof recordEvents>;
  /** The files the next "Choose files" dialog answers with. */
  answerFileDialog(paths: string[]): void;
  /** Drops files from disk onto the window (or onto `onto`, e.g. a share row). */
  dropFiles(paths: readonly string[], opts?: { onto?: Locator }): Promise<void>;
  /** Saves a screenshot of the window to e2e-output/screenshots/<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the core, opens the renderer on it and waits until the window is ready. */
export async function launchApp(
  browser: Browser,
  testInfo: TestInfo,
  opts: LaunchOptions = {},
  scratchDir = testInfo.outputDir,
): Promise<App> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(scratchDir, 'user-data-')));
  await mkdir(dataDir, { recursive: true });
  let dialogAnswer: string[] = [];
  const shell = recordingShell({ chooseFiles: () => dialogAnswer });
  const remote = opts.serverUrl !== undefined;
  const server = remote ? { mode: 'remote' as const, url: opts.serverUrl } : {};
  const core = await createCore({
    ...shell,
    userDataDir: dataDir,
    settingsStore: new JsonFileStore(join(dataDir, 'settings.json')),
    embeddedHost: forkWithNode,
    embeddedEntry,
    lanAddress: () => '127.0.0.1',
    liveBackoff: { minMs: 50, maxMs: 400 },
    settings: { ...opts.settings, server: { ...server, ...opts.settings?.server } },
  });
  const events = recordEvents(core);
  // Listen from the first moment: the live socket may be online before the page has loaded.
  const pipe = pipeEvents(core);

  const pageErrors: string[] = [];
  let site: StaticSite | undefined;
  let context: BrowserContext | undefined;
  const teardown = async () => {
    pipe.stop();
    await context?.close();
    await core.close();
    await site?.close();
  };
  try {
    site = await serveStatic(rendererDir);
    context = await browser.newContext({
      colorScheme: opts.colorScheme ?? 'light',
      viewport: { width: 960, height: 640 },
    });
    const page = await context.newPage();
    const name = basename(dataDir);
    page.on('console', (m) => console.log(`[renderer ${name}] ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => {
      pageErrors.push(e.stack ?? e.message);
      console.log(`[renderer ${name}] page error: ${e.stack ?? e.message}`);
    });
    await connect(page, core, site.pageUrl, pipe);
    await core.ready;
    if (remote && opts.account) {
      const view = await core.handlers['account:signInRemote']({
        url: opts.serverUrl!,
        ...opts.account,
      });
      if (!view.signedIn) throw new Error(`sign-in failed: ${JSON.stringify(view.error)}`);
    }
    await expect(page.getByTestId('empty-state').or(page.getByTestId('share-list'))).toBeVisible();
    if ((opts.ready ?? 'online') === 'online') {
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
    }
    const account = await core.handlers['account:get'](undefined);
    let closed = false;
    return {
      page,
      context,
      core,
      serverUrl: account.serverUrl ?? opts.serverUrl ?? '',
      dataDir,
      clipboard: shell.clipboardWrites,
      notifications: shell.notifications,
      shell,
      events,
      answerFileDialog: (paths) => {
        dialogAnswer = paths;
      },
      dropFiles: (paths, o) => dropFiles(page, paths, o?.onto),
      screenshot: async (shot) => {
        const path = join(screenshotsDir, `${shot}.png`);
        await page.screenshot({ path, animations: 'disabled' });
        await testInfo.attach(shot, { path, contentType: 'image/png' });
        return path;
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await teardown();
        expect(pageErrors, 'the renderer threw').toEqual([]);
      },
    };
  } catch (err) {
    await teardown().catch(noop);
    throw err;
  }
}

/**
 * Forwards the core's events to the page in the order main emitted them. In the app the window
 * exists before the core's first event; here the page loads a little later, so events wait
 * until `attach` (called once the renderer's bridge has subscribed).
 */
function pipeEvents(core: Core) {
  let page: Page | null = null;
  let delivery = Promise.resolve();
  const held: [EventChannel, unknown][] = [];
  const deliver = (to: Page, channel: EventChannel, payload: unknown) => {
    delivery = delivery.then(() =>
      to
        .evaluate(([c, p]) => window.__gettE2E?.emit(c, p), [channel, payload] as const)
        // After the page closed an event is lost, as in the app.
        .then(noop, noop),
    );
  };
  const stop = core.onEvent((channel, payload) => {
    if (page) deliver(page, channel, payload);
    else held.push([channel, payload]);
  });
  return {
    attach: (to: Page) => {
      page = to;
      for (const [channel, payload] of held.splice(0)) deliver(to, channel, payload);
    },
    stop,
  };
}

/**
 * Joins the page to the core: commands through `dispatch` (validated as the app's IPC does)
 * and events through `pipe`. Loads the renderer and waits for its bridge to subscribe.
 */
async function connect(
  page: Page,
  core: Core,
  pageUrl: string,
  pipe: ReturnType<typeof pipeEvents>,
): Promise<void> {
  const isTrusted = trustedSender(pageUrl);
  await page.exposeBinding('__gettInvoke', ({ frame, page: p }, channel: string, payload) =>
    dispatch(
      core.handlers,
      isTrusted,
      channel,
      { url: frame.url(), isTopFrame: frame === p.mainFrame() },
      payload,
    ),
  );
  await page.addInitScript({ path: browserApi });
  await page.goto(pageUrl);
  await page.waitForFunction(() => (window.__gettE2E?.listening('live:status') ?? 0) > 0);
  pipe.attach(page);
}

/**
 * Dispatches a real drag-and-drop of files on the page: dragenter, dragover and drop carry a
 * DataTransfer of File objects named like the real files. Main reads the bytes from the
 * paths (as in the app, where Electron's File is backed by the path), so each File is
 * registered with its real path for `window.api.files.pathFor`.
 */
async function dropFiles(page: Page, paths: readonly string[], onto?: Locator): Promise<void> {
  const target = onto ? await onto.elementHandle() : await page.evaluateHandle(() => document.body);
  if (!target) throw new Error('nothing to drop onto');
  const files = paths.map((p) => ({ path: resolve(p), name: basename(p) }));
  await page.evaluate(
    ([el, list]) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const file = new File([], f.name);
        window.__gettE2E?.registerFile(file, f.path);
        dt.items.add(file);
      }
      const at = (el as Element).getBoundingClientRect();
      const point = { clientX: at.x + at.width / 2, clientY: at.y + Math.min(at.height / 2, 20) };
      for (const type of ['dragenter', 'dragover', 'drop']) {
        const init = { bubbles: true, cancelable: true, dataTransfer: dt, ...point };
        el.dispatchEvent(new DragEvent(type, init));
      }
    },
    [target, files] as const,
  );
}

interface Fixtures {
  /**
   * A path in a fresh temp folder for this test (removed afterwards). Outside test-results/,
   * so another Playwright run cleaning its output cannot pull files from under a running test.
   */
  scratch: (...parts: string[]) => string;
  /** Starts the app; every app is closed (and checked for page errors) after the test. */
  launchApp: (opts?: LaunchOptions) => Promise<App>;
  /**
   * A `gett-server` process on a fresh data dir behind an upload gate the test can hold and
   * release; started when a test asks for it, stopped after the test.
   */
  gatedServer: GatedServer;
}

export const test = base.extend<Fixtures & { scratchDir: string }>({
  // Playwright fixtures take their dependencies by destructuring; this one has none.
  // eslint-disable-next-line no-empty-pattern
  scratchDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'gett-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  scratch: async ({ scratchDir }, use) => {
    await use((...parts) => join(scratchDir, ...parts));
  },
  launchApp: async ({ browser, scratchDir }, use, testInfo) => {
    const apps: App[] = [];
    await use(async (opts) => {
      const app = await launchApp(browser, testInfo, opts, scratchDir);
      apps.push(app);
      return app;
    });
    const results = await Promise.allSettled(apps.reverse().map((a) => a.close()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  },
  gatedServer: async ({ scratchDir }, use) => {
    const server = await startGatedServer(join(scratchDir, 'gett-server'));
    await use(server);
    await server.close();
  },
});

export { expect };
