/** Puts the tray icon up and rebuilds its menu from the pure template when asked. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { trayIconDataUrl } from './trayIcon';
import { trayTemplate, type TrayActions, type TrayItem, type TrayState } from './trayTemplate';

function toElectron(items: readonly TrayItem[]): MenuItemConstructorOptions[] {
  return items.map((i) => ({
    ...(i.label !== undefined ? { label: i.label } : {}),
    ...(i.type ? { type: i.type } : {}),
    ...(i.enabled !== undefined ? { enabled: i.enabled } : {}),
    ...(i.accelerator ? { accelerator: i.accelerator, registerAccelerator: false } : {}),
    ...(i.click ? { click: i.click } : {}),
    ...(i.submenu ? { submenu: toElectron(i.submenu) } : {}),
  }));
}

/** `dropFiles` receives files dropped on the icon (macOS). */
export function createTray(actions: TrayActions, dropFiles: (paths: string[]) => void) {
  const tray = new Tray(nativeImage.createFromDataURL(trayIconDataUrl));
  tray.setToolTip('Gett Desktop');
  tray.on('click', actions.open);
  tray.on('drop-files', (_event, files) => dropFiles(files));
  return {
    update(state: TrayState): void {
      tray.setContextMenu(Menu.buildFromTemplate(toElectron(trayTemplate(state, actions))));
    },
    destroy: () => tray.destroy(),
  };
}
