/** The app's settings: defaults, validated patches and change notifications. */
import { SettingsPatchSchema, type SettingsPatch } from '../../shared/ipc';
import { defaultSettings, type LinkOptions, type Settings } from '../../shared/model';
import type { KeyValueStore } from './store';

export { defaultSettings };

const KEY = 'settings';

/**
 * The link options a new share gets from Settings: an expiry from now and a download limit,
 * each only when set (with neither, the server's own default applies).
 */
export function linkDefaults(s: Settings, nowMs: number = Date.now()): LinkOptions {
  return {
    ...(s.defaultExpiry > 0 ? { expires: Math.floor(nowMs / 1000) + s.defaultExpiry } : {}),
    ...(s.defaultMaxDownloads > 0 ? { maxdownloads: s.defaultMaxDownloads } : {}),
  };
}

/** Applies a patch on top of settings; nested `server` fields merge one by one. */
export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  return {
    ...base,
    ...patch,
    server: { ...base.server, ...patch.server },
  };
}

export class SettingsService {
  private current: Settings;
  private readonly listeners = new Set<(s: Settings, previous: Settings) => void>();

  constructor(
    private readonly store: KeyValueStore,
    overrides: SettingsPatch = {},
  ) {
    const saved = SettingsPatchSchema.safeParse(store.get(KEY) ?? {});
    // A damaged file falls back to defaults; overrides (tests, command line) win over both.
    this.current = mergeSettings(
      mergeSettings(defaultSettings, saved.success ? saved.data : {}),
      overrides,
    );
  }

  get(): Settings {
    return this.current;
  }

  /** Validates and saves a patch; listeners hear about it. */
  set(patch: SettingsPatch): Settings {
    const valid = SettingsPatchSchema.parse(patch);
    const previous = this.current;
    this.current = mergeSettings(previous, valid);
    this.store.set(KEY, this.current);
    for (const l of this.listeners) l(this.current, previous);
    return this.current;
  }

  onChange(listener: (s: Settings, previous: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
