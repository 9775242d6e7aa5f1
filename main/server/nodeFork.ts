/** Forks the embedded server as a Node child process (tests and the e2e harness). */
import { fork } from 'node:child_process';
import type { EmbeddedForker } from './embeddedHost';

export const forkWithNode: EmbeddedForker = (entry, args) => {
  const child = fork(entry, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    send: (m) => {
      if (child.connected) child.send(m as object);
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.once('exit', (code) => l(code)),
    kill: () => child.kill(),
  };
};
