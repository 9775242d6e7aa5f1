/** Builders for view-model objects in tests, with realistic defaults. */
import {
  defaultSettings,
  type AccountView,
  type FileView,
  type Settings,
  type ShareView,
} from '../../shared/model';

export function file(overrides: Partial<FileView> & { fileid: string }): FileView {
  return {
    sharename: 'abc123',
    filename: `file-${overrides.fileid}.txt`,
    size: 1000,
    readystate: 'uploaded',
    created: 1_700_000_000,
    getturl: `http://127.0.0.1:4000/abc123/v/${overrides.fileid}`,
    downloads: 0,
    ...overrides,
  };
}

/** A share; its files are moved into it (sharename and links follow). */
export function share(overrides: Partial<ShareView> & { sharename: string }): ShareView {
  const { sharename } = overrides;
  return {
    title: null,
    getturl: `http://127.0.0.1:4000/${sharename}`,
    created: 1_700_000_000,
    ...overrides,
    files: (overrides.files ?? []).map((f) => ({
      ...f,
      sharename,
      getturl: `http://127.0.0.1:4000/${sharename}/v/${f.fileid}`,
    })),
  };
}

export const settings: Settings = { ...defaultSettings, uploadConcurrency: 3 };

export const account: AccountView = {
  signedIn: true,
  mode: 'embedded',
  serverUrl: 'http://192.168.1.20:4000',
  email: 'me@local',
  fullname: 'Me',
  storage: { used: 250_000_000, limit: 2_000_000_000, extra: 0 },
};
