/** The window: top bar, the current view, the status bar, and the layers above them. */
import { useEffect } from 'react';
import { Icon } from '../lib/icons';
import { selectView, useUiStore } from '../state/ui';
import { chooseFiles } from '../features/drop/actions';
import { EncryptSwitch } from '../features/drop/EncryptSwitch';
import { DropOverlay } from '../features/drop/DropOverlay';
import { useDropZone } from '../features/drop/useDropZone';
import { usePaste } from '../features/drop/usePaste';
import { Dialogs } from '../features/dialog/Dialogs';
import { AccountBanner } from '../features/errors/AccountBanner';
import { SettingsView } from '../features/settings/SettingsView';
import { SharesView } from '../features/shares/SharesView';
import { StatusBar } from '../features/status/StatusBar';
import { Toasts } from '../features/toasts/Toasts';
import { useTheme } from './useTheme';
import './base.css';
import './app.css';

export function App() {
  useTheme();
  useDropZone();
  usePaste();
  const view = useUiStore(selectView);
  const setView = useUiStore((s) => s.setView);
  useEffect(() => {
    if (view !== 'settings') return;
    // Escape leaves Settings, unless typing in a field (unsaved input) or a dialog is open.
    const onKey = (e: KeyboardEvent) => {
      const inField = e.target instanceof Element && e.target.closest('input, select, textarea');
      if (e.key === 'Escape' && !inField && !useUiStore.getState().dialog) {
        setView('shares');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, setView]);
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true">
            G
          </span>
          <span className="topbar__name">Gett</span>
        </h1>
        <div className="topbar__actions">
          <EncryptSwitch />
          <button
            type="button"
            className="button button--primary"
            onClick={() => void chooseFiles()}
          >
            <Icon name="plus" /> Choose files
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Settings"
            title="Settings"
            aria-pressed={view === 'settings'}
            onClick={() => setView(view === 'settings' ? 'shares' : 'settings')}
          >
            <Icon name="settings" />
          </button>
        </div>
      </header>
      <AccountBanner />
      {/* Toasts sit in the stage, over the content, so they can never cover the status bar. */}
      <div className={`app__stage app__stage--${view}`}>
        <main className="content">{view === 'settings' ? <SettingsView /> : <SharesView />}</main>
        <Toasts />
      </div>
      <StatusBar />
      <DropOverlay />
      <Dialogs />
    </div>
  );
}
