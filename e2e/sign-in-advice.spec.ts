/** A failed sign-in in Settings says what to check in the form, in one plain sentence. */
import { expect, test } from './harness';

test('a sign-in that cannot reach the server gives advice about the form', async ({
  launchApp,
}) => {
  const app = await launchApp();
  const { page } = app;
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'A remote server' }).check();
  const form = page.getByRole('form', { name: 'Sign in to a remote server' });
  const signIn = async (url: string) => {
    await form.getByLabel('Server URL').fill(url);
    await form.getByLabel('API key').fill('some-key');
    await form.getByLabel('Email').fill('me@example.com');
    await form.getByLabel('Password').fill('a password');
    await form.getByRole('button', { name: 'Sign in' }).click();
  };
  const error = page.getByTestId('sign-in-error');

  await signIn('http://127.0.0.1:9');
  await expect(error).toHaveText(
    /^Cannot reach http:\/\/127\.0\.0\.1:9 \([^()]+\)\. Check the server URL and your network, then sign in again\.$/,
  );
  await expect(error).not.toContainText('uploads');

  // Something answers, but not a Ge.tt server: the window's own page server.
  const notGett = new URL(page.url()).origin;
  await signIn(notGett);
  await expect(error).toContainText(`${notGett} did not answer like a Ge.tt server`);
  await expect(error).toContainText('Check the server URL.');
  await expect(error).not.toContainText('Refresh the list');
  // Nothing changed: still signed in to the embedded server.
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
});
