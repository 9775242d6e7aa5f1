#!/usr/bin/env node
/**
 * Probes a running gett-server the way issue 12's attacker did, and prints what it saw.
 * Plain Node, no dependencies; run against `gett-server serve` on this machine.
 *
 *   node scripts/probe-limits.mjs idle URL [N] [WAIT_S]
 *     N connections from 127.0.0.1 send a PUT head and one body byte, then nothing. After
 *     WAIT_S seconds: how many are still open, how many were answered (and with what), and
 *     whether a client from 127.0.0.2 is served meanwhile.
 *   node scripts/probe-limits.mjs stalled URL PID BLOB_URL [N]
 *     N downloads of BLOB_URL (a signed /1/blobs/... link of a finished file) that never
 *     read a byte; the server's RSS (from /proc/PID/status) before and once they are open.
 */
import fs from 'node:fs';
import net from 'node:net';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function open(url, localAddress, text) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const conn = { received: '', closed: false, error: null };
    const socket = net.connect({ host: hostname, port: Number(port), localAddress });
    conn.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (d) => (conn.received += d));
    socket.on('close', () => (conn.closed = true));
    socket.on('error', (e) => (conn.error = e.code ?? String(e)));
    socket.once('connect', () => {
      socket.write(text);
      resolve(conn);
    });
    socket.once('error', () => resolve(conn));
  });
}

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function statusLines(conns) {
  const counts = new Map();
  for (const c of conns) {
    const line = c.received.split('\r\n')[0] || (c.error ? `error ${c.error}` : '(nothing)');
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}

async function idle(url, n = 1000, waitS = 40) {
  const head = `PUT /1/upload/x/0 HTTP/1.1\r\nHost: probe\r\nContent-Length: 1000\r\n\r\nx`;
  const conns = [];
  for (let i = 0; i < n; i++) conns.push(await open(url, '127.0.0.1', head));
  await sleep(1000);
  const openAt1 = conns.filter((c) => !c.closed).length;
  const t0 = Date.now();
  const other = await open(
    url,
    '127.0.0.2',
    'GET /1/shares/nosuch HTTP/1.1\r\nHost: probe\r\n\r\n',
  );
  while (!other.received.includes('\r\n\r\n') && !other.closed && Date.now() - t0 < 10_000)
    await sleep(10);
  const otherMs = Date.now() - t0;
  await sleep(waitS * 1000 - 1000);
  const openAtEnd = conns.filter((c) => !c.closed).length;
  console.log(
    JSON.stringify(
      {
        connections: n,
        openAfter1s: openAt1,
        [`openAfter${waitS}s`]: openAtEnd,
        answers: statusLines(conns),
        otherClient: { status: other.received.split('\r\n')[0] || '(no answer)', ms: otherMs },
      },
      null,
      2,
    ),
  );
  for (const c of conns) c.socket.destroy();
  other.socket.destroy();
}

async function stalled(url, pid, blobUrl, n = 1000) {
  const { pathname, search } = new URL(blobUrl);
  const before = rssMiB(pid);
  const conns = [];
  for (let i = 0; i < n; i++) {
    const c = await open(
      url,
      '127.0.0.1',
      `GET ${pathname}${search} HTTP/1.1\r\nHost: probe\r\n\r\n`,
    );
    // Never read: the kernel's buffers fill, then the server's.
    c.socket.pause();
    conns.push(c);
  }
  let peak = before;
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    peak = Math.max(peak, rssMiB(pid));
  }
  console.log(
    JSON.stringify({
      downloads: n,
      rssBeforeMiB: before,
      rssWithThemMiB: peak,
      perDownloadKiB: Math.round(((peak - before) * 1024) / n),
    }),
  );
  for (const c of conns) c.socket.destroy();
}

const [mode, url, ...rest] = process.argv.slice(2);
if (mode === 'idle' && url) await idle(url, Number(rest[0] ?? 1000), Number(rest[1] ?? 40));
else if (mode === 'stalled' && url && rest[0] && rest[1])
  await stalled(url, Number(rest[0]), rest[1], Number(rest[2] ?? 1000));
else {
  console.error('usage: probe-limits.mjs idle URL [N] [WAIT_S] | stalled URL PID BLOB_URL [N]');
  process.exit(2);
}
process.exit(0);
