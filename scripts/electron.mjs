// Finds the Electron binary for `npm start` and `npm run dev`. Electron 45 has no install
// step: requiring the package downloads the binary from GitHub the first time. Where that
// cannot work, say so in one line instead of Electron's advice to run a command that fails
// the same way.
import { spawnSync } from 'node:child_process';

/** The binary's path, or null after printing why it cannot be had. */
export function electronBinary() {
  // Asked in a child so Electron's own download messages and stack stay out of the way.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: process.cwd(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (probe.status === 0 && probe.stdout) return probe.stdout;
  const reason = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(probe.stderr)
    ? 'it is downloaded from GitHub at first launch and GitHub cannot be reached'
    : (probe.stderr
        .trim()
        .split('\n')
        .find((l) => /error/i.test(l)) ?? 'its download failed');
  console.error(
    `The Electron binary is missing (${reason.trim()}). Everything else works without it: ` +
      '`npm test`, and the server alone with `npm run server -- serve`. ' +
      'Run `npm start` again on a machine that can reach github.com.',
  );
  return null;
}
