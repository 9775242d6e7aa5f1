// Development loop: rebuilds main, preload, server and renderer on change and opens the app.
// Reload the window (Ctrl/Cmd+R) to pick up renderer changes; quit and rerun for main ones.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const watcher = spawn(
  process.execPath,
  ['scripts/build.mjs', '--watch', '--only', 'main,preload,server,renderer'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let app = null;
watcher.stdout.setEncoding('utf8');
watcher.stdout.on('data', (text) => {
  process.stdout.write(text);
  if (app === null && text.includes('watching for changes')) {
    // The electron package exports the path of its binary (downloaded on first use).
    const electron = createRequire(import.meta.url)('electron');
    app = spawn(electron, ['.'], { stdio: 'inherit' });
    app.on('exit', (code) => {
      watcher.kill();
      process.exit(code ?? 0);
    });
  }
});
watcher.on('exit', (code) => {
  if (code !== 0 && code !== null) {
    console.error('The build failed; fix the error above and run npm run dev again.');
    app?.kill();
    process.exit(code);
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    app?.kill(signal);
    watcher.kill(signal);
  });
}
