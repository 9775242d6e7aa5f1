import { describe, expect, it } from 'vitest';
import type { ShareView, UpdateView, UploadPhase } from '../../shared/model';
import type { EventListener } from '../core';
import { watchTray } from './trayState';
import { trayTemplate, type TrayActions, type TrayState } from './trayTemplate';

function share(phases: readonly (UploadPhase | undefined)[]): ShareView {
  return {
    sharename: 's1',
    title: null,
    getturl: 'http://gett.test/s1',
    created: 0,
    files: phases.map((phase, i) => ({
      sharename: 's1',
      fileid: String(i),
      filename: `f${i}.bin`,
      size: 10,
      readystate: phase ? 'remote' : 'uploaded',
      created: 0,
      getturl: `http://gett.test/s1/v/${i}`,
      downloads: 0,
      ...(phase ? { upload: { phase, bytes: 0, total: 10, speed: 0, eta: null } } : {}),
    })),
  };
}

/** A core that only emits events, and the tray menu as a person would read it. */
function setUp() {
  const listeners = new Set<EventListener>();
  const linkListeners = new Set<() => void>();
  let links: string[] = [];
  let update: UpdateView = { state: 'none' };
  const states: TrayState[] = [];
  watchTray(
    {
      onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
      recentLinks: () => links,
      onRecentLinks: (l) => (linkListeners.add(l), () => linkListeners.delete(l)),
      settings: () => ({ globalShortcut: 'Ctrl+U' }) as ReturnType<TraySource['settings']>,
      update: () => update,
    },
    (s) => states.push(s),
  );
  const noop = () => {};
  const actions: TrayActions = {
    shareFiles: noop,
    shareClipboard: noop,
    screenshot: noop,
    copyLink: noop,
    pauseAll: noop,
    resumeAll: noop,
    open: noop,
    restartToUpdate: noop,
    quit: noop,
  };
  const labels = () =>
    trayTemplate(states.at(-1)!, actions).map((i) =>
      i.label && i.enabled === false ? `(${i.label})` : i.label,
    );
  return {
    shares: (list: ShareView[]) => listeners.forEach((l) => l('shares:changed', list)),
    copied: (link: string) => {
      links = [link, ...links];
      linkListeners.forEach((l) => l());
    },
    labels,
    states,
    updated: (view: UpdateView) => {
      update = view;
      listeners.forEach((l) => l('update:changed', view));
    },
  };
}

type TraySource = Parameters<typeof watchTray>[0];

describe('tray state', () => {
  it('shows "Restart to update" as soon as the update is downloaded', () => {
    const tray = setUp();
    expect(tray.labels().some((l) => l?.includes('update'))).toBe(false);
    tray.updated({ state: 'ready', version: '2.0.0' });
    expect(tray.labels()).toContain('Restart to update to 2.0.0');
    tray.updated({ state: 'waiting', version: '2.0.0' });
    expect(tray.labels()).toContain('(Restarts to 2.0.0 when uploads finish)');
  });

  it('follows the share list: Pause all while sending, Resume all once the window paused', () => {
    const tray = setUp();
    expect(tray.labels()).toContain('(Pause all uploads)');
    tray.shares([share(['uploading', 'queued', undefined])]);
    expect(tray.labels()).toContain('Pause all uploads');
    // "Pause all" clicked in the window: only the share list says so.
    tray.shares([share(['paused', 'paused', undefined])]);
    expect(tray.labels()).toContain('Resume all uploads');
    // A new drop uploads while the others stay paused: pausing is offered again.
    tray.shares([share(['paused', 'paused', undefined]), share(['uploading'])]);
    expect(tray.labels()).toContain('Pause all uploads');
    tray.shares([share([undefined, 'failed'])]);
    expect(tray.labels()).toContain('(Pause all uploads)');
  });

  it('lists a link once it is copied, with the shortcut from the settings', () => {
    const tray = setUp();
    tray.copied('http://gett.test/s1/v/0');
    expect(tray.states.at(-1)).toMatchObject({
      recentLinks: [{ link: 'http://gett.test/s1/v/0' }],
      shortcut: 'Ctrl+U',
    });
  });

  it('names recent links by file, share title or file names, and keeps unknown ones bare', () => {
    const tray = setUp();
    tray.copied('http://gett.test/gone');
    tray.copied('http://gett.test/s1');
    tray.copied('http://gett.test/s1/v/1');
    const recent = () =>
      trayTemplate(tray.states.at(-1)!, {} as TrayActions)
        .find((i) => i.label === 'Recent links')!
        .submenu!.map((i) => i.label);
    tray.shares([share([undefined, undefined, undefined])]);
    expect(recent()).toEqual([
      'f1.bin — http://gett.test/s1/v/1',
      'f0.bin and 2 more — http://gett.test/s1',
      'http://gett.test/gone',
    ]);
    tray.shares([{ ...share([undefined]), title: 'Holiday photos' }]);
    expect(recent()[1]).toBe('Holiday photos — http://gett.test/s1');
  });

  it('leaves out the recent links of an expired share', () => {
    const tray = setUp();
    tray.copied('http://gett.test/other');
    tray.copied('http://gett.test/s1/v/0');
    tray.shares([share([undefined])]);
    expect(tray.states.at(-1)?.recentLinks.map((r) => r.link)).toEqual([
      'http://gett.test/s1/v/0',
      'http://gett.test/other',
    ]);
    tray.shares([{ ...share([undefined]), expires: 1, expired: true }]);
    expect(tray.states.at(-1)?.recentLinks.map((r) => r.link)).toEqual(['http://gett.test/other']);
  });
});
