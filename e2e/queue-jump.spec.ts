import { expect, test } from './harness';
import { makeFile, startDownload } from './support/files';

test('a recipient opening the last of ten queued files makes it upload next', async ({
  launchApp,
  scratch,
  gatedServer: server,
  browser,
}) => {
  const account = await server.addAccount();
  const app = await launchApp({
    serverUrl: server.url,
    account,
    settings: { uploadConcurrency: 1 },
  });
  const dir = scratch('files');
  const files = await Promise.all(
    Array.from({ length: 10 }, (_, i) => makeFile(dir, `scan-${i + 1}.pdf`, 512 * 1024)),
  );

  // The first upload stalls at the gate, so the other nine stay queued behind it.
  server.gate.hold(64 * 1024);
  await app.dropFiles(files.map((f) => f.path));
  await server.gate.blocked();
  const row = (name: string) => app.page.getByTestId('file-row').filter({ hasText: name });
  await expect(row('scan-1.pdf')).toHaveAttribute('data-state', 'uploading');
  for (const f of files.slice(1)) await expect(row(f.name)).toHaveAttribute('data-state', 'queued');

  // The drop copied the share link and then one link per file, in order.
  const links = app.clipboard.at(-1)!.split('\n').slice(1);
  const last = files.at(-1)!;
  const recipient = await startDownload(browser, links.at(-1)!, last.name, scratch('got.pdf'));

  // The last file jumps the queue: it uploads now, while the files before it still wait.
  await expect(row(last.name)).toHaveAttribute('data-state', 'uploading');
  for (const f of files.slice(1, -1))
    await expect(row(f.name)).toHaveAttribute('data-state', 'queued');

  server.gate.release();
  expect(await recipient.finished()).toBe(last.sha256);
  await recipient.close();
  for (const f of files) {
    await expect(row(f.name)).toHaveAttribute('data-state', 'uploaded', { timeout: 30_000 });
  }
});
