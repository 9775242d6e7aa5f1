/** Electron's implementations of the shell interfaces the core needs (see main/shell.ts). */
import { fileURLToPath } from 'node:url';
import { Notification, clipboard, dialog, safeStorage, shell, utilityProcess } from 'electron';
import type { BrowserWindow } from 'electron';
import type { EmbeddedForker } from '../server';
import type { Clipboard, Shell } from '../shell';

/** The first clipboard entry carrying `type`, as a Blob. */
async function readType(type: string): Promise<Blob | null> {
  for (const item of await clipboard.read()) {
    if (item.types.includes(type)) return item.getType(type) as Promise<Blob>;
  }
  return null;
}

const electronClipboard: Clipboard = {
  writeText: (text) => clipboard.writeText(text),
  readText: () => clipboard.readText(),
  // File managers put copied files on the clipboard as a list of file:// URLs.
  readFilePaths: async () => {
    const list = await readType('text/uri-list');
    const text = list ? await list.text() : '';
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.startsWith('file://'))
      .map((line) => fileURLToPath(line));
  },
  readImagePng: async () => {
    const png = await readType('image/png');
    return png ? Buffer.from(await png.arrayBuffer()) : null;
  },
};

/** `openApp` runs when a notification is clicked. */
export function electronShell(window: () => BrowserWindow | null, openApp: () => void): Shell {
  return {
    clipboard: electronClipboard,
    notifier: {
      show: ({ title, body }) => {
        if (!Notification.isSupported()) return;
        const n = new Notification({ title, body, silent: true });
        n.on('click', openApp);
        n.show();
      },
    },
    dialog: {
      chooseFiles: async () => {
        const options = {
          title: 'Share files',
          properties: ['openFile', 'openDirectory', 'multiSelections'] as const,
        };
        const win = window();
        const result = win
          ? await dialog.showOpenDialog(win, { ...options, properties: [...options.properties] })
          : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
        return result.canceled ? [] : result.filePaths;
      },
    },
    shell: { openExternal: (url) => shell.openExternal(url) },
    secureStorage: {
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      encryptString: (s) => safeStorage.encryptString(s),
      decryptString: (b) => safeStorage.decryptString(b),
    },
  };
}

/** Runs the embedded server in an Electron utility process, off the main event loop. */
export const forkWithUtilityProcess: EmbeddedForker = (entry, args) => {
  const child = utilityProcess.fork(entry, args, { serviceName: 'Gett server', stdio: 'inherit' });
  return {
    send: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.once('exit', (code) => l(code)),
    kill: () => child.kill(),
  };
};
