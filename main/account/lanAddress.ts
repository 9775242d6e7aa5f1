/** The machine's first non-internal IPv4 address, for links others on the LAN can open. */
import { networkInterfaces } from 'node:os';

export function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}
