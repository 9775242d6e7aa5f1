/** The settings panel: server and account, then preferences. */
import { selectSettings, useSettingsStore } from '../../state/settings';
import { useUiStore } from '../../state/ui';
import { Icon } from '../../lib/icons';
import { LinkSettings } from './LinkSettings';
import { PreferenceSettings } from './PreferenceSettings';
import { ServerSettings } from './ServerSettings';
import './settings.css';

export function SettingsView() {
  const settings = useSettingsStore(selectSettings);
  const setView = useUiStore((s) => s.setView);
  return (
    <div className="settings" data-testid="settings">
      <div className="settings__header">
        <button type="button" className="button button--ghost" onClick={() => setView('shares')}>
          <Icon name="back" /> Back to shares
        </button>
        <h2>Settings</h2>
      </div>
      {settings === null ? (
        <p className="empty__text">Loading settings…</p>
      ) : (
        <>
          {/* Keys reset the forms' drafts when main changes what they edit (e.g. a picked port). */}
          <ServerSettings key={JSON.stringify(settings.server)} settings={settings} />
          <LinkSettings settings={settings} />
          <PreferenceSettings
            key={`${settings.globalShortcut} ${settings.screenshotShortcut}`}
            settings={settings}
          />
        </>
      )}
    </div>
  );
}
