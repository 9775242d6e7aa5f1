import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { startBridge } from './bridge';
import { useAccountStore } from './state/account';
import { useConnectionStore } from './state/connection';
import { selectProgress, useProgressStore } from './state/progress';
import { useSettingsStore } from './state/settings';
import { useSharesStore } from './state/shares';
import { useToastsStore } from './state/toasts';
import { createFakeApi } from './test/fakeApi';
import { account, settings, share } from './test/fixtures';
import type { EventChannel } from '../shared/ipc';
import { eventChannels, IpcError } from '../shared/ipc';

describe('bridge', () => {
  it('loads account, shares and settings at start', async () => {
    const fake = createFakeApi();
    fake.handle('account:get', () => account);
    fake.handle('shares:list', () => [share({ sharename: 'a' })]);
    fake.handle('settings:get', () => settings);
    startBridge(fake.api);
    await waitFor(() => expect(useSharesStore.getState().loaded).toBe(true));
    expect(useAccountStore.getState().account).toEqual(account);
    expect(useSettingsStore.getState().settings).toEqual(settings);
    expect(useSharesStore.getState().shares.map((s) => s.sharename)).toEqual(['a']);
  });

  it('subscribes to every event and unsubscribes on stop', () => {
    const fake = createFakeApi();
    const stop = startBridge(fake.api);
    const count = (c: EventChannel) => fake.listenerCount(c);
    expect(eventChannels.map(count)).toEqual(eventChannels.map(() => 1));
    stop();
    expect(eventChannels.map(count)).toEqual(eventChannels.map(() => 0));
  });

  it('feeds events into the stores', () => {
    const fake = createFakeApi();
    startBridge(fake.api);
    fake.emit('live:status', 'reconnecting');
    fake.emit('uploads:progress', {
      sharename: 's',
      fileid: '0',
      bytes: 5,
      total: 10,
      speed: 1,
      eta: 5,
    });
    fake.emit('toast:show', {
      id: 'm1',
      kind: 'error',
      message: 'Disk full',
      action: 'Free space',
    });
    fake.emit('live:download', { sharename: 's', fileid: '0', filename: 'report.pdf' });
    expect(useConnectionStore.getState().status).toBe('reconnecting');
    expect(selectProgress('s', '0')(useProgressStore.getState())?.bytes).toBe(5);
    expect(useToastsStore.getState().toasts.map((t) => t.message)).toEqual([
      'Disk full',
      'Someone is downloading report.pdf',
    ]);
  });

  it('keeps a pushed share list when the slower first load answers later', async () => {
    const fake = createFakeApi();
    let answer: (v: ReturnType<typeof share>[]) => void = () => undefined;
    fake.handle('shares:list', () => new Promise((resolve) => (answer = resolve)));
    startBridge(fake.api);
    fake.emit('shares:changed', [share({ sharename: 'fresh' })]);
    answer([share({ sharename: 'stale' })]);
    await Promise.resolve();
    await Promise.resolve();
    expect(useSharesStore.getState().shares.map((s) => s.sharename)).toEqual(['fresh']);
  });

  it('shows why the list could not load', async () => {
    const fake = createFakeApi();
    fake.handle('shares:list', () => {
      throw new IpcError('The server cannot be reached.', 'serverUnreachable');
    });
    startBridge(fake.api);
    await waitFor(() =>
      expect(useSharesStore.getState().loadError).toBe('The server cannot be reached.'),
    );
  });

  it('reads the live status at start, as a reopened window must', async () => {
    const fake = createFakeApi();
    fake.handle('live:status', () => 'online');
    startBridge(fake.api);
    await waitFor(() => expect(useConnectionStore.getState().status).toBe('online'));
  });

  it('keeps a pushed live status when the slower first read answers later', async () => {
    const fake = createFakeApi();
    let answer: (v: 'online') => void = () => undefined;
    fake.handle('live:status', () => new Promise((resolve) => (answer = resolve)));
    startBridge(fake.api);
    fake.emit('live:status', 'reconnecting');
    answer('online');
    await waitFor(() => expect(fake.callsTo('live:status')).toHaveLength(1));
    await Promise.resolve();
    await Promise.resolve();
    expect(useConnectionStore.getState().status).toBe('reconnecting');
  });

  it("clears the last account's shares and progress when signed out", async () => {
    const fake = createFakeApi();
    let answer: (v: ReturnType<typeof share>[]) => void = () => undefined;
    fake.handle('shares:list', () => new Promise((resolve) => (answer = resolve)));
    startBridge(fake.api);
    fake.emit('shares:changed', [share({ sharename: 'mine' })]);
    fake.emit('uploads:progress', {
      sharename: 'mine',
      fileid: '0',
      bytes: 5,
      total: 10,
      speed: 1,
      eta: 5,
    });
    fake.emit('account:changed', { ...account, signedIn: false, email: null, fullname: null });
    expect(useSharesStore.getState().shares).toEqual([]);
    expect(useSharesStore.getState().loaded).toBe(true);
    expect(selectProgress('mine', '0')(useProgressStore.getState())).toBe(undefined);
    // A first load that was asked while still signed in does not bring them back.
    answer([share({ sharename: 'mine' })]);
    await Promise.resolve();
    await Promise.resolve();
    expect(useSharesStore.getState().shares).toEqual([]);
  });

  it('keeps the shares while the account stays signed in', () => {
    const fake = createFakeApi();
    startBridge(fake.api);
    fake.emit('shares:changed', [share({ sharename: 'mine' })]);
    fake.emit('account:changed', { ...account, storage: null });
    expect(useSharesStore.getState().shares.map((s) => s.sharename)).toEqual(['mine']);
  });
});
