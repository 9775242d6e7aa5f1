/** The per-drop choice: whether the next new shares are end-to-end encrypted. */
import { useSettingsStore } from '../../state/settings';
import { useUiStore } from '../../state/ui';

export function EncryptSwitch() {
  const next = useUiStore((s) => s.encryptNext);
  const setNext = useUiStore((s) => s.setEncryptNext);
  const byDefault = useSettingsStore((s) => s.settings?.encryptShares ?? false);
  const on = next ?? byDefault;
  return (
    <label
      className="switch topbar__encrypt"
      title="Encrypted shares: the key travels only in the link, the server stores ciphertext"
    >
      <input
        type="checkbox"
        data-testid="encrypt-switch"
        checked={on}
        onChange={(e) => setNext(e.target.checked === byDefault ? null : e.target.checked)}
      />
      Encrypt
    </label>
  );
}
