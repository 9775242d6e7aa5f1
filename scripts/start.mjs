// `npm start`: build, then open the app with its embedded server.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary } from './electron.mjs';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed; fix the error above and run npm start again.');
  process.exit(build.status ?? 1);
}
const binary = electronBinary();
if (binary === null) process.exit(1);
const app = spawn(binary, ['.'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
