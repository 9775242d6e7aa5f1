// Development loop: rebuilds main, preload, server and renderer on change and opens the app.
// Reload the window (Ctrl/Cmd+R) to pick up renderer changes; quit and rerun for main ones.
// The watcher ends with this script, however it ends: on the app's exit, a signal, or, through
// its stdin pipe closing, even when this script is killed outright.
import { spawn } from 'node:child_process';
import { electronBinary } from './electron.mjs';

const watcher = spawn(
  process.execPath,
  ['scripts/build.mjs', '--watch', '--only', 'main,preload,server,renderer'],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
let app = null;
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  app?.kill('SIGTERM');
  watcher.kill('SIGTERM');
  watcher.stdin.end();
  process.exitCode = code;
  // Whatever is left stops with this process.
  setTimeout(() => process.exit(code), 2000).unref();
}

watcher.stdout.setEncoding('utf8');
watcher.stdout.on('data', (text) => {
  process.stdout.write(text);
  if (app !== null || stopping || !text.includes('watching for changes')) return;
  const binary = electronBinary();
  if (binary === null) return stop(1);
  app = spawn(binary, ['.'], { stdio: 'inherit' });
  app.on('error', (err) => {
    console.error(`The app could not start: ${err.message}`);
    stop(1);
  });
  app.on('exit', (code, signal) => stop(code ?? (signal ? 1 : 0)));
});
watcher.on('exit', (code) => {
  if (!stopping && code !== 0) {
    console.error('The build failed; fix the error above and run npm run dev again.');
  }
  stop(stopping ? (process.exitCode ?? 0) : (code ?? 1));
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(130));
