/**
 * One serving process per data dir: a second one would roll back the first one's running
 * uploads during its recovery. The lock is a pid file; a lock left by a process that is gone
 * (crashed, killed, or from before a reboot) is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data dir's serve lock; returns the function that releases it. */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'serve.pid');
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        if (fs.readFileSync(file, 'utf8') === mine) fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    let since = 0;
    try {
      holder = Number(fs.readFileSync(file, 'utf8'));
      since = fs.statSync(file).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    const bootedAt = Date.now() - os.uptime() * 1000;
    const stale =
      !Number.isInteger(holder) || holder === process.pid || !alive(holder) || since < bootedAt;
    if (!stale) {
      throw new Error(
        `another gett-server (pid ${holder}) is serving ${dir}: stop it first, or use another data dir`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not lock ${dir}: remove ${file} if no gett-server uses it`);
}
