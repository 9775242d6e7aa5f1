import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../shared/ipc';
import { dispatch, trustedSender, type Handlers } from './handle';

const appUrl = 'file:///opt/gett/dist/renderer/index.html';
const trusted = trustedSender(appUrl);
const ok = { url: appUrl, isTopFrame: true };

// Every handler records its payload so the test sees what reached it.
function recordingHandlers(seen: unknown[]): Handlers {
  return Object.fromEntries(
    invokeChannels.map((channel) => [
      channel,
      (payload: unknown) => {
        seen.push([channel, payload]);
        return Promise.resolve(undefined);
      },
    ]),
  ) as unknown as Handlers;
}

describe('IPC dispatch', () => {
  it('passes a valid payload from the app window to its handler', async () => {
    const seen: unknown[] = [];
    await dispatch(recordingHandlers(seen), trusted, 'shares:drop', ok, { paths: ['/tmp/a.txt'] });
    expect(seen).toEqual([['shares:drop', { paths: ['/tmp/a.txt'] }]]);
  });

  it('rejects a foreign sender before validating anything', async () => {
    const seen: unknown[] = [];
    const foreign = { url: 'https://evil.example/index.html', isTopFrame: true };
    await expect(
      dispatch(recordingHandlers(seen), trusted, 'links:copy', foreign, { text: 'x' }),
    ).rejects.toThrow(/did not come from the app window/);
    const subframe = { url: appUrl, isTopFrame: false };
    await expect(
      dispatch(recordingHandlers(seen), trusted, 'links:copy', subframe, { text: 'x' }),
    ).rejects.toThrow(/did not come from the app window/);
    expect(seen).toEqual([]);
  });

  it('rejects bad payloads with a message naming the field', async () => {
    const seen: unknown[] = [];
    const h = recordingHandlers(seen);
    await expect(dispatch(h, trusted, 'shares:drop', ok, { paths: [] })).rejects.toThrow(
      /Invalid request for shares:drop at paths/,
    );
    await expect(
      dispatch(h, trusted, 'links:open', ok, { url: 'file:///etc/passwd' }),
    ).rejects.toThrow(/http\(s\) URL/);
    await expect(
      dispatch(h, trusted, 'uploads:pause', ok, { sharename: 's', fileid: '0', extra: 1 }),
    ).rejects.toThrow(/Invalid request/);
    await expect(dispatch(h, trusted, 'nope:nothing', ok, undefined)).rejects.toThrow(
      /Unknown command/,
    );
    expect(seen).toEqual([]);
  });
});
