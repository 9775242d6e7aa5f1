import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}`, import.meta.url));

// The renderer is loaded from file:// in Electron, so every asset path is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // The window, and the screenshot region overlay (its own page, its own small preload).
    rollupOptions: { input: { index: page('index.html'), overlay: page('overlay.html') } },
  },
});
