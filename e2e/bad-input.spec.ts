import { expect, test } from './harness';

test('a drop without files on disk says what to do and shares nothing', async ({ launchApp }) => {
  const app = await launchApp();
  // Something dragged from a web page: a File with no path behind it.
  await app.page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['<p>hi</p>'], 'snippet.html', { type: 'text/html' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(
        new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }),
      );
    }
  });
  const toast = app.page.getByTestId('toast').filter({ hasText: 'Nothing to share there.' });
  await expect(toast).toHaveAttribute('data-kind', 'error');
  await expect(toast).toContainText('Drop files or folders from your file manager');
  await expect(app.page.getByTestId('empty-state')).toBeVisible();
  expect(app.clipboard).toEqual([]);
});

test('commands are validated as in the app: bad payloads and other frames are refused', async ({
  launchApp,
}) => {
  const app = await launchApp();
  // window.api is what crosses the bridge: commands answer with {ok, value} or {ok, error}.
  const bad = await app.page.evaluate(() => window.api.shares.drop({ paths: [] }));
  expect(bad).toEqual({
    ok: false,
    error: {
      code: 'invalid-payload',
      message:
        'Invalid request for shares:drop at paths: Too small: expected array to have >=1 items',
    },
  });

  // A frame inside the window gets the same bridge but is not the app's top-level page.
  const frameUrl = new URL('/elsewhere.html', app.page.url()).toString();
  const loaded = app.page.waitForEvent('framenavigated', (f) => f.url() === frameUrl);
  await app.page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.append(frame);
  }, frameUrl);
  const child = await loaded;
  const refused = await child.evaluate(() => window.api.shares.list());
  expect(refused).toEqual({
    ok: false,
    error: {
      code: 'forbidden',
      message: 'Refused shares:list: the request did not come from the app window.',
    },
  });
});
