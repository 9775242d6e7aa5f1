import { describe, expect, it } from 'vitest';
import { trayTemplate, type TrayActions, type TrayItem } from './trayTemplate';

function recordingActions(calls: string[]): TrayActions {
  return {
    shareFiles: () => calls.push('shareFiles'),
    shareClipboard: () => calls.push('shareClipboard'),
    screenshot: () => calls.push('screenshot'),
    copyLink: (l) => calls.push(`copy ${l}`),
    pauseAll: () => calls.push('pauseAll'),
    resumeAll: () => calls.push('resumeAll'),
    open: () => calls.push('open'),
    restartToUpdate: () => calls.push('restartToUpdate'),
    quit: () => calls.push('quit'),
  };
}

const byLabel = (items: readonly TrayItem[], label: string) => {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no item ${label}`);
  return found;
};

describe('tray menu', () => {
  const idle = { active: 0, paused: 0 };
  const base = { recentLinks: [], uploads: idle, shortcut: 'Ctrl+Shift+U' };

  it('offers "Restart to update" once an update is ready, and says when it waits for uploads', () => {
    const calls: string[] = [];
    const none = trayTemplate(
      { ...base, update: { state: 'downloading', version: '2.0.0' } },
      recordingActions(calls),
    );
    expect(none.some((i) => i.label?.includes('update'))).toBe(false);
    const ready = trayTemplate(
      { ...base, update: { state: 'ready', version: '2.0.0' } },
      recordingActions(calls),
    );
    byLabel(ready, 'Restart to update to 2.0.0').click!();
    expect(calls).toEqual(['restartToUpdate']);
    const waiting = trayTemplate(
      { ...base, update: { state: 'waiting', version: '2.0.0' } },
      recordingActions(calls),
    );
    expect(byLabel(waiting, 'Restarts to 2.0.0 when uploads finish').enabled).toBe(false);
  });

  it('offers every action, and each item does what it says', () => {
    const calls: string[] = [];
    const items = trayTemplate(base, recordingActions(calls));
    expect(items.filter((i) => i.label).map((i) => i.label)).toEqual([
      'Share files…',
      'Share clipboard',
      'Share a screenshot',
      'Recent links',
      'Pause all uploads',
      'Open Gett Desktop',
      'Quit',
    ]);
    for (const label of [
      'Share files…',
      'Share clipboard',
      'Share a screenshot',
      'Open Gett Desktop',
      'Quit',
    ]) {
      byLabel(items, label).click?.();
    }
    expect(calls).toEqual(['shareFiles', 'shareClipboard', 'screenshot', 'open', 'quit']);
    expect(byLabel(items, 'Share files…').accelerator).toBe('Ctrl+Shift+U');
    const shot = trayTemplate(
      { ...base, screenshotShortcut: 'Ctrl+Alt+S' },
      recordingActions(calls),
    );
    expect(byLabel(shot, 'Share a screenshot').accelerator).toBe('Ctrl+Alt+S');
  });

  it('lists recent links and copies the one clicked', () => {
    const calls: string[] = [];
    const links = [{ link: 'http://h/abc', name: 'Holiday' }, { link: 'http://h/abc/v/0' }];
    const items = trayTemplate({ ...base, recentLinks: links }, recordingActions(calls));
    const sub = byLabel(items, 'Recent links').submenu!;
    expect(sub.map((i) => i.label)).toEqual(['Holiday — http://h/abc', 'http://h/abc/v/0']);
    sub[1]!.click?.();
    expect(calls).toEqual(['copy http://h/abc/v/0']);
  });

  it('says so when there are no links yet', () => {
    const sub = byLabel(trayTemplate(base, recordingActions([])), 'Recent links').submenu!;
    expect(sub).toEqual([{ label: 'No links yet', enabled: false }]);
  });

  it('pauses while uploading and resumes once paused', () => {
    const calls: string[] = [];
    const none = trayTemplate(base, recordingActions(calls));
    expect(byLabel(none, 'Pause all uploads').enabled).toBe(false);
    const busy = trayTemplate(
      { ...base, uploads: { active: 2, paused: 1 } },
      recordingActions(calls),
    );
    byLabel(busy, 'Pause all uploads').click?.();
    const paused = trayTemplate(
      { ...base, uploads: { active: 0, paused: 3 } },
      recordingActions(calls),
    );
    byLabel(paused, 'Resume all uploads').click?.();
    expect(calls).toEqual(['pauseAll', 'resumeAll']);
  });
});
