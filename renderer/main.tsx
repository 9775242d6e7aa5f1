/** Entry: mounts the window and starts the bridge that feeds it from main. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api';
import { App } from './app/App';
import { startBridge } from './bridge';

const root = document.getElementById('root');
if (root) {
  try {
    startBridge(getApi());
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  } catch (err) {
    // Without the bridge nothing works; say so instead of showing an empty window.
    root.textContent = err instanceof Error ? err.message : String(err);
  }
}
