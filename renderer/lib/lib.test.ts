import { describe, expect, it } from 'vitest';
import { IpcError } from '../../shared/ipc';
import { errorCode, errorMessage } from '../api';
import { checkShortcut, checkUrl, lanPreview } from '../features/settings/validate';
import { fileState, fileType } from '../features/files/fileState';
import { file } from '../test/fixtures';
import { formatBytes, formatEta, formatRelative, formatSpeed, percent } from './format';

describe('format', () => {
  it('writes sizes, speeds and times as people read them', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(null)).toBe('—');
    expect(formatSpeed(2_000_000)).toBe('2.0 MB/s');
    expect(formatEta(null)).toBe('calculating…');
    expect(formatEta(12.2)).toBe('13 s left');
    expect(formatEta(150)).toBe('3 min left');
    expect(formatEta(3_900)).toBe('1 h 5 min left');
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
    expect(percent(12, 10)).toBe(100);
  });

  it('writes relative times from unix seconds', () => {
    const now = 1_700_000_000_000;
    expect(formatRelative(now / 1000 - 10, now)).toBe('just now');
    expect(formatRelative(now / 1000 - 300, now)).toBe('5 minutes ago');
    expect(formatRelative(now / 1000 - 7_200, now)).toBe('2 hours ago');
    expect(formatRelative(now / 1000 - 86_400, now)).toBe('yesterday');
  });
});

describe('errorMessage and errorCode', () => {
  it('read the message and code of a failed command as main sent them', () => {
    const err = new IpcError('Storage full.', 'storageFull');
    expect(errorMessage(err)).toBe('Storage full.');
    expect(errorCode(err)).toBe('storageFull');
    expect(errorCode(new Error('Plain reason.'))).toBeNull();
    expect(errorMessage(new Error('Plain reason.'))).toBe('Plain reason.');
    expect(errorMessage('text')).toBe('text');
    expect(errorMessage(new Error(''))).toBe('Something went wrong.');
  });
});

describe('file state', () => {
  it('derives what people see from readystate and the upload phase', () => {
    const upload = { bytes: 0, total: 1, speed: 0, eta: null };
    expect(fileState(file({ fileid: '0', readystate: 'removed' }))).toBe('removed');
    expect(fileState(file({ fileid: '0', readystate: 'uploaded' }))).toBe('uploaded');
    expect(fileState(file({ fileid: '0', readystate: 'remote' }))).toBe('queued');
    expect(fileState(file({ fileid: '0', readystate: 'uploading' }))).toBe('uploading');
    for (const [phase, state] of [
      ['queued', 'queued'],
      ['uploading', 'uploading'],
      ['paused', 'paused'],
      ['failed', 'failed'],
      ['done', 'uploaded'],
    ] as const) {
      expect(
        fileState(file({ fileid: '0', readystate: 'remote', upload: { ...upload, phase } })),
      ).toBe(state);
    }
    expect(fileType('Photo.JPEG')).toEqual({ ext: 'JPEG', kind: 'image' });
    expect(fileType('archive.tar.gz')).toEqual({ ext: 'GZ', kind: 'archive' });
    expect(fileType('README')).toEqual({ ext: 'FILE', kind: 'other' });
    expect(fileType('.bashrc')).toEqual({ ext: 'FILE', kind: 'other' });
  });
});

describe('settings checks', () => {
  it('accepts http(s) URLs and Electron accelerators only', () => {
    expect(checkUrl('https://files.example.com')).toBeNull();
    expect(checkUrl('files.example.com')).toMatch(/not a web address/);
    expect(checkShortcut('CommandOrControl+Shift+U')).toBeNull();
    expect(checkShortcut('')).toBeNull();
    expect(checkShortcut('Shift+Ctrl')).toMatch(/End the shortcut with a key/);
    expect(checkShortcut('Hyper+U')).toMatch(/Modifiers are/);
  });

  it('previews LAN links from the address, the port or the running server', () => {
    expect(lanPreview('', 0, 'http://192.168.1.20:4000')).toBe('http://192.168.1.20:4000/AbC123');
    expect(lanPreview('10.0.0.5', 8080, null)).toBe('http://10.0.0.5:8080/AbC123');
    expect(lanPreview('', 0, null)).toBe('http://<LAN address>:<free port>/AbC123');
  });
});
