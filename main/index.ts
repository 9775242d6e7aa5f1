/** Composition root: creates the services, wires them together and registers IPC. */
import { app } from 'electron';

app.on('window-all-closed', () => {
  // The tray keeps the app running; quitting is explicit.
});
