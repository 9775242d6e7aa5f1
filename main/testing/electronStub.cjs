// A stand-in for the `electron` module, so the built composition root (dist/main/index.cjs)
// can run in plain Node for a smoke test: `node -r main/testing/electronStub.cjs ...`.
// It records what the app asked of Electron and lets the test (the parent process, over the
// fork IPC channel) call registered IPC handlers, read the record and quit. The embedded
// server's utility process is a real Node child process.
const Module = require('node:module');
const { fork } = require('node:child_process');
const { EventEmitter } = require('node:events');

const RED_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const display = {
  id: 1,
  size: { width: 1, height: 1 },
  bounds: { x: 0, y: 0, width: 1, height: 1 },
  scaleFactor: 1,
};
const record = { windows: [], trayMenus: [], handlers: [], shortcuts: [], loginItems: [] };
const appEvents = new EventEmitter();
const handlers = new Map();

// Run as `electron script.js`: the app's own arguments start after the script.
process.defaultApp = true;

const app = {
  // GETT_STUB_SECOND_INSTANCE=1 plays an instance started while another holds the lock.
  requestSingleInstanceLock: () => process.env.GETT_STUB_SECOND_INSTANCE !== '1',
  setAsDefaultProtocolClient: (scheme) => (record.protocol = scheme) !== undefined,
  enableSandbox: () => (record.sandbox = true),
  whenReady: () => Promise.resolve(),
  on: (event, fn) => appEvents.on(event, fn),
  getPath: (name) =>
    name === 'downloads'
      ? (process.env.GETT_STUB_DOWNLOADS ?? `${process.env.GETT_STUB_USER_DATA}/Downloads`)
      : process.env.GETT_STUB_USER_DATA,
  getVersion: () => '0.0.0-test',
  setLoginItemSettings: (s) => record.loginItems.push(s),
  quit: () => {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    appEvents.emit('before-quit', event);
    if (!event.defaultPrevented) {
      process.send?.({ type: 'quit' });
      setImmediate(() => process.exit(0));
    }
  },
  exit: (code) => process.exit(code),
};

class WebContents extends EventEmitter {
  sent = [];
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
  send(channel) {
    this.sent.push(channel);
  }
  isDestroyed() {
    return false;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    record.windows.push({ options, contents: this.webContents });
  }
  loadURL(url) {
    record.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  show() {}
  focus() {}
  restore() {}
}

class Tray extends EventEmitter {
  setToolTip() {}
  setContextMenu(menu) {
    const labels = (items, prefix) =>
      items.flatMap((i) => {
        const label = prefix + (i.label ?? `(${i.type})`);
        return [label, ...labels(i.submenu ?? [], `${label} > `)];
      });
    record.trayMenus.push(labels(menu, ''));
  }
  destroy() {}
}

const utilityProcess = {
  fork(entry, args) {
    const child = fork(entry, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const proc = new EventEmitter();
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code) => proc.emit('exit', code));
    proc.postMessage = (m) => child.connected && child.send(m);
    proc.kill = () => child.kill();
    return proc;
  },
};

const electron = {
  app,
  BrowserWindow,
  Tray,
  Menu: { buildFromTemplate: (t) => t },
  nativeImage: { createFromDataURL: () => ({}) },
  nativeTheme: { shouldUseDarkColors: false, themeSource: 'system' },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: () => (record.cspInstalled = true) },
      setPermissionRequestHandler: () => {},
    },
  },
  shell: { openExternal: () => Promise.resolve() },
  globalShortcut: {
    register: (accelerator) => record.shortcuts.push(accelerator) > 0,
    unregisterAll: () => {},
  },
  Notification: class {
    static isSupported() {
      return false;
    }
  },
  clipboard: {
    writeText: (t) => ((record.clipboard = t), Promise.resolve()),
    readText: () => Promise.resolve(''),
    read: () => Promise.resolve([]),
  },
  dialog: { showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }) },
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: () => {
      throw new Error('no keychain in the stub');
    },
    decryptString: () => '',
  },
  utilityProcess,
  // One 1×1 screen: `--screenshot=screen` captures this red pixel.
  screen: {
    getCursorScreenPoint: () => ({ x: 0, y: 0 }),
    getDisplayNearestPoint: () => display,
    getPrimaryDisplay: () => display,
  },
  desktopCapturer: {
    getSources: () =>
      Promise.resolve([
        {
          display_id: '1',
          thumbnail: {
            isEmpty: () => false,
            getSize: () => ({ width: 1, height: 1 }),
            toPNG: () => Buffer.from(RED_PIXEL_PNG, 'base64'),
          },
        },
      ]),
  },
  ipcMain: {
    handle: (channel, fn) => {
      handlers.set(channel, fn);
      record.handlers.push(channel);
    },
    removeHandler: (channel) => handlers.delete(channel),
    on: () => {},
  },
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? 'electron-stub' : resolve.call(this, request, ...rest);
};
require.cache['electron-stub'] = {
  id: 'electron-stub',
  filename: 'electron-stub',
  loaded: true,
  exports: electron,
};

// The test drives the app over the fork channel.
process.on('message', async (m) => {
  if (m.type === 'record') {
    const windows = record.windows.map((w) => ({ options: w.options, sent: w.contents.sent }));
    process.send({ type: 'record', record: { ...record, windows } });
  } else if (m.type === 'invoke') {
    const fn = handlers.get(m.channel);
    const frame = { url: m.senderUrl ?? record.loadedUrl, parent: null };
    try {
      // Commands answer with a result envelope ({ok, value} or {ok, error: {code, message}}).
      const r = await fn({ senderFrame: frame }, m.payload);
      process.send(
        r.ok
          ? { type: 'result', id: m.id, value: r.value }
          : { type: 'result', id: m.id, error: r.error.message, code: r.error.code },
      );
    } catch (err) {
      process.send({ type: 'result', id: m.id, error: String(err?.message ?? err) });
    }
  } else if (m.type === 'emit') {
    // What Electron would deliver: second-instance, open-file, open-url.
    appEvents.emit(m.event, { preventDefault: () => {} }, ...m.args);
  } else if (m.type === 'quit') {
    app.quit();
  }
});
