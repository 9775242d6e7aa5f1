/**
 * The recipient page of an end-to-end encrypted share. The server cannot read the files, so
 * the page does: its script takes the key from the link's fragment (never sent here), decrypts
 * the manifests for the real names and sizes, and hands each download to a service worker
 * (`/_e2ee/sw.js`, scope `/_e2ee/`) that fetches the ciphertext as it arrives (also while it
 * is still uploading), decrypts it record by record and streams the plaintext to the browser's
 * download, so a large file never sits in memory. A record that fails its check stops the
 * download with an error; no wrong byte is written.
 */
import { MANIFEST_NAME } from '../../shared/e2ee.js';
import { ECE_SOURCE } from '../../shared/ece.js';
import { esc } from '../web/html.js';

/** Whether a share is encrypted: its first file in drop order is a manifest. */
export const isEncryptedShare = (first: { filename: string } | undefined): boolean =>
  first?.filename === MANIFEST_NAME;

const PAGE_SCRIPT = `(async () => {
  const MANIFEST = ${JSON.stringify(MANIFEST_NAME)};
  const root = document.getElementById('e2ee');
  const share = root.getAttribute('data-share');
  const only = root.getAttribute('data-file');
  const status = document.getElementById('e2ee-status');
  const list = document.getElementById('e2ee-files');
  const say = (text, error) => { status.textContent = text; status.className = error ? 'error' : 'muted'; };
  let secret;
  try { secret = ece.decodeKey(location.hash); } catch (e) { say(e.message, true); return; }
  if (!window.isSecureContext || !globalThis.crypto || !crypto.subtle || !navigator.serviceWorker) {
    say('This page cannot decrypt here: browsers allow decryption only on https:// pages or on localhost. Open the link over https, or open it in the Gett app.', true);
    return;
  }
  const worker = navigator.serviceWorker.register('/_e2ee/sw.js', { scope: '/_e2ee/' });
  const blob = (id) => '/1/files/' + encodeURIComponent(share) + '/' + encodeURIComponent(id) + '/blob';
  const names = new Map();
  const opened = new Set();
  const rows = new Map();
  let keyChecked = false;
  const fmt = (n) => n < 1000 ? n + ' B' : n < 1e6 ? (n / 1e3).toFixed(1) + ' kB' : n < 1e9 ? (n / 1e6).toFixed(1) + ' MB' : (n / 1e9).toFixed(2) + ' GB';
  const readManifest = async (id) => {
    const res = await fetch(blob(id) + '?noinc', { cache: 'no-store' });
    if (!res.ok) throw new Error('the list of names could not be loaded (' + res.status + ')');
    const dec = ece.decrypter(await ece.fileKey(secret, id));
    const reader = res.body.getReader();
    const parts = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(...(await dec.push(value)));
    }
    parts.push(...(await dec.end()));
    return JSON.parse(await new Blob(parts).text());
  };
  navigator.serviceWorker.addEventListener('message', (e) => {
    const d = e.data || {};
    const row = rows.get(d.fileid);
    if (d.type === 'error' && row) { row.note.textContent = 'Download failed: ' + d.message; row.note.className = 'status error'; }
    if (d.type === 'done' && row) { row.note.textContent = 'Downloaded and decrypted'; }
  });
  const download = async (id) => {
    const entry = names.get(id);
    const row = rows.get(id);
    row.note.textContent = 'Starting the download…';
    row.note.className = 'status';
    const reg = await worker;
    await navigator.serviceWorker.ready;
    const sw = reg.active;
    const job = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const ikm = await ece.fileKey(secret, id);
    await new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      sw.postMessage({ type: 'file', job, fileid: id, url: blob(id), ikm, name: entry.name, size: entry.size }, [ch.port2]);
    });
    const a = document.createElement('a');
    a.href = '/_e2ee/dl/' + job;
    a.download = entry.name;
    document.body.append(a);
    a.click();
    a.remove();
    row.note.textContent = 'Downloading and decrypting…';
  };
  const render = (files) => {
    for (const f of files) {
      if (f.filename === MANIFEST || (only !== null && f.fileid !== only)) continue;
      const entry = names.get(f.fileid);
      let row = rows.get(f.fileid);
      if (!row) {
        const li = document.createElement('li');
        li.className = 'file';
        li.setAttribute('data-fileid', f.fileid);
        const info = document.createElement('div');
        info.className = 'info';
        const name = document.createElement('span');
        name.className = 'name';
        const size = document.createElement('div');
        size.className = 'muted';
        const note = document.createElement('p');
        note.className = 'status';
        note.setAttribute('role', 'status');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Download';
        button.addEventListener('click', () => download(f.fileid).catch((e) => { note.textContent = 'Download failed: ' + e.message; note.className = 'status error'; }));
        info.append(name, size, note);
        li.append(info, button);
        list.append(li);
        row = { li, name, size, note, button };
        rows.set(f.fileid, row);
      }
      row.li.setAttribute('data-state', f.readystate);
      row.name.textContent = entry ? entry.name : 'Encrypted file (name not known yet)';
      row.size.textContent = entry ? fmt(entry.size) : '';
      row.button.hidden = !entry || f.readystate === 'removed';
      row.button.setAttribute('aria-label', 'Download ' + (entry ? entry.name : ''));
      if (!row.note.textContent || /^(Waiting|Uploading|Ready)/.test(row.note.textContent)) {
        row.note.textContent = f.readystate === 'uploaded' ? 'Ready' : f.readystate === 'uploading' ? 'Uploading: you can download already' : f.readystate === 'remote' ? 'Waiting for the uploader: the upload starts when you download' : '';
      }
    }
  };
  const tick = async () => {
    let busy = true;
    try {
      const res = await fetch('/1/shares/' + encodeURIComponent(share), { cache: 'no-store' });
      if (!res.ok) { say('This share could not be loaded (' + res.status + '). Reload the page.', true); return; }
      const s = await res.json();
      for (const f of s.files) {
        if (f.filename !== MANIFEST || opened.has(f.fileid) || f.readystate !== 'uploaded') continue;
        try {
          const m = await readManifest(f.fileid);
          opened.add(f.fileid);
          keyChecked = true;
          for (const e of m.files) names.set(e.fileid, e);
        } catch (e) {
          if (e && e.code === 'tampered' && !keyChecked) {
            say('The key in this link does not open these files: copy the whole link again, or ask the sender for it.', true);
            return;
          }
          say('Some file names could not be decrypted: ' + e.message, true);
        }
      }
      render(s.files);
      if (keyChecked) say('End-to-end encrypted: your browser decrypts these files; the server never sees them.', false);
      busy = s.files.some((f) => f.readystate !== 'uploaded' && f.readystate !== 'removed') || !keyChecked;
    } catch (e) { /* offline for a moment: try again */ }
    if (busy) setTimeout(tick, 1000);
  };
  await tick();
})();`;

/** The service worker: decrypts downloads as their ciphertext arrives. */
export const SERVICE_WORKER = `${ECE_SOURCE}
const jobs = new Map();
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('message', (e) => {
  const d = e.data || {};
  if (d.type === 'file') { jobs.set(d.job, d); if (e.ports[0]) e.ports[0].postMessage('ok'); }
});
const tell = async (message) => {
  for (const c of await self.clients.matchAll({ includeUncontrolled: true, type: 'window' })) c.postMessage(message);
};
const stream = async (job) => {
  const res = await fetch(job.url, { cache: 'no-store' });
  if (!res.ok) {
    let text = 'the server answered ' + res.status;
    try { text = (await res.json()).error || text; } catch (e) {}
    tell({ type: 'error', fileid: job.fileid, message: text });
    return new Response(text, { status: res.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const reader = res.body.getReader();
  const dec = ece.decrypter(job.ikm);
  let queue = [];
  let ended = false;
  const body = new ReadableStream({
    async pull(controller) {
      try {
        while (queue.length === 0 && !ended) {
          const { done, value } = await reader.read();
          if (done) { ended = true; queue = await dec.end(); }
          else queue = await dec.push(value);
        }
        if (queue.length > 0) controller.enqueue(queue.shift());
        if (queue.length === 0 && ended) { controller.close(); tell({ type: 'done', fileid: job.fileid }); }
      } catch (err) {
        tell({ type: 'error', fileid: job.fileid, message: err && err.message ? err.message : String(err) });
        controller.error(err);
        reader.cancel().catch(() => {});
      }
    },
    cancel() { reader.cancel().catch(() => {}); },
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': "attachment; filename*=UTF-8''" + encodeURIComponent(job.name),
      'content-length': String(job.size),
    },
  });
};
self.addEventListener('fetch', (e) => {
  const m = new URL(e.request.url).pathname.match(/^\\/_e2ee\\/dl\\/([A-Za-z0-9]+)$/);
  if (!m) return;
  const job = jobs.get(m[1]);
  jobs.delete(m[1]);
  if (!job) {
    e.respondWith(new Response('This download has expired: go back to the page and press Download again.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    return;
  }
  e.respondWith(stream(job));
});
`;

/** The body of an encrypted share's page (or one file's, with `fileid`). */
export function encryptedBody(sharename: string, fileid: string | null, nonce: string): string {
  return `<h1>Encrypted files</h1>
<div id="e2ee" data-share="${esc(sharename)}"${fileid === null ? '' : ` data-file="${esc(fileid)}"`}>
<p id="e2ee-status" class="muted" role="status" aria-live="polite">Decrypting the file names…</p>
<ul class="files" id="e2ee-files"></ul>
</div>
<script nonce="${nonce}">${ECE_SOURCE}\n${PAGE_SCRIPT}</script>`;
}
