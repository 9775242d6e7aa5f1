import { describe, expect, it } from 'vitest';
import { createApi } from '../../preload/api';
import { IpcError, invokeChannels, unwrapApi, type IpcResult } from '../../shared/ipc';
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
    const result = await dispatch(recordingHandlers(seen), trusted, 'shares:drop', ok, {
      paths: ['/tmp/a.txt'],
    });
    expect(result).toEqual({ ok: true, value: undefined });
    expect(seen).toEqual([['shares:drop', { paths: ['/tmp/a.txt'] }]]);
  });

  it('refuses a foreign sender before validating anything', async () => {
    const seen: unknown[] = [];
    const refused = {
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Refused links:copy: the request did not come from the app window.',
      },
    };
    const foreign = { url: 'https://evil.example/index.html', isTopFrame: true };
    expect(
      await dispatch(recordingHandlers(seen), trusted, 'links:copy', foreign, { text: 'x' }),
    ).toEqual(refused);
    const subframe = { url: appUrl, isTopFrame: false };
    expect(
      await dispatch(recordingHandlers(seen), trusted, 'links:copy', subframe, { text: 'x' }),
    ).toEqual(refused);
    expect(seen).toEqual([]);
  });

  it('refuses bad payloads with a code and a message naming the field', async () => {
    const seen: unknown[] = [];
    const h = recordingHandlers(seen);
    expect(await dispatch(h, trusted, 'shares:drop', ok, { paths: [] })).toEqual({
      ok: false,
      error: {
        code: 'invalid-payload',
        message: expect.stringMatching(/^Invalid request for shares:drop at paths/) as string,
      },
    });
    expect(await dispatch(h, trusted, 'links:open', ok, { url: 'file:///etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'invalid-payload', message: expect.stringMatching(/http\(s\) URL/) as string },
    });
    expect(
      await dispatch(h, trusted, 'uploads:pause', ok, { sharename: 's', fileid: '0', extra: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await dispatch(h, trusted, 'nope:nothing', ok, undefined)).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'Unknown command: nope:nothing' },
    });
    expect(seen).toEqual([]);
  });

  it('answers a handler failure with its code; anything else is "unknown"', async () => {
    const h = recordingHandlers([]);
    h['uploads:retry'] = () =>
      Promise.reject(new IpcError('You are signed out. Sign in again in Settings.', 'signedOut'));
    h['uploads:pauseAll'] = () => Promise.reject(new Error('disk on fire'));
    const ref = { sharename: 's', fileid: '0' };
    expect(await dispatch(h, trusted, 'uploads:retry', ok, ref)).toEqual({
      ok: false,
      error: { code: 'signedOut', message: 'You are signed out. Sign in again in Settings.' },
    });
    expect(await dispatch(h, trusted, 'uploads:pauseAll', ok, undefined)).toEqual({
      ok: false,
      error: { code: 'unknown', message: 'disk on fire' },
    });
  });
});

describe('a failure across IPC and the context bridge', () => {
  // Both copy data with the structured clone algorithm; an Error keeps only its message.
  const wire = <T>(v: T): T => structuredClone(v);

  it('is lost as a thrown Error, which is why commands answer with envelopes', () => {
    const copied = wire(new IpcError('Storage full.', 'storageFull'));
    expect(copied.message).toBe('Storage full.');
    expect((copied as Partial<IpcError>).code).toBeUndefined();
  });

  it('reaches renderer code as an IpcError with main’s code and message', async () => {
    const h = recordingHandlers([]);
    h['shares:drop'] = () =>
      Promise.reject(
        new IpcError('The server is full. Delete old shares to make room.', 'storageFull'),
      );
    h['settings:get'] = () => Promise.resolve({ uploadConcurrency: 3 } as never);
    const bridge = createApi({
      invoke: async (channel, payload) =>
        wire(await dispatch(h, trusted, channel, ok, payload)) as IpcResult<never>,
      on: () => () => {},
      pathForFile: () => '',
    });
    const api = unwrapApi(bridge);

    expect(await api.settings.get()).toEqual({ uploadConcurrency: 3 });
    const err: unknown = await api.shares.drop({ paths: ['/tmp/a'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect(err).toMatchObject({
      code: 'storageFull',
      message: 'The server is full. Delete old shares to make room.',
    });
    // The raw bridge answers with data the renderer can read whole.
    expect(await bridge.shares.drop({ paths: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    // Subscriptions and file paths are not commands: they pass through unchanged.
    expect(typeof api.shares.onChanged(() => {})).toBe('function');
  });
});
