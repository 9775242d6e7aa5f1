/** The region overlay's whole API: the picture to show, and the answer. Nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import type { OverlayApi, OverlayPicture, Region } from '../shared/overlay';

const api: OverlayApi = {
  picture: () => ipcRenderer.invoke('overlay:picture') as Promise<OverlayPicture>,
  done: (region: Region | null) => ipcRenderer.send('overlay:done', region),
};

contextBridge.exposeInMainWorld('overlay', api);
