/**
 * The recipient page's only script: while any file is waiting or uploading, poll the share's
 * progress once a second and update the status lines and progress bars in place.
 */
export const LIVE_SCRIPT = `(() => {
  const list = document.querySelector('[data-progress]');
  if (!list) return;
  const url = list.getAttribute('data-progress');
  const busy = () => list.querySelector('[data-state="remote"],[data-state="uploading"]') !== null;
  const apply = (f) => {
    const item = list.querySelector('[data-fileid="' + CSS.escape(f.fileid) + '"]');
    if (!item) return;
    const was = item.getAttribute('data-state');
    item.setAttribute('data-state', f.readystate);
    const status = item.querySelector('.status');
    if (status && status.textContent !== f.status) status.textContent = f.status;
    const bar = item.querySelector('progress');
    if (bar) {
      bar.hidden = f.percent === null;
      if (f.percent !== null) bar.value = f.percent;
    }
    const size = item.querySelector('.size');
    if (size && f.sizeText) size.textContent = f.sizeText;
    const button = item.querySelector('.download');
    if (button) button.toggleAttribute('hidden', !f.downloadable);
    if (was !== 'uploaded' && f.readystate === 'uploaded' && f.thumb) {
      const img = item.querySelector('img.thumb');
      const icon = item.querySelector('.icon');
      if (img && img.getAttribute('data-src')) { img.src = img.getAttribute('data-src'); img.hidden = false; }
      if (icon) icon.hidden = true;
    }
  };
  const tick = async () => {
    try {
      const res = await fetch(url, { cache: 'no-store' });
      if (res.ok) (await res.json()).files.forEach(apply);
    } catch (e) { /* offline for a moment: try again next tick */ }
    if (busy()) setTimeout(tick, 1000);
  };
  if (busy()) setTimeout(tick, 1000);
  const copy = document.querySelector('[data-copy]');
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', async () => {
      await navigator.clipboard.writeText(copy.getAttribute('data-copy'));
      copy.textContent = 'Copied';
    });
  }
})();`;
