/** A square button with an icon; the label is both the accessible name and the tooltip. */
import type { IconName } from './icons';
import { Icon } from './icons';

interface Props {
  icon: IconName;
  label: string;
  onClick: () => void;
  disabled?: boolean;
}

export function IconButton({ icon, label, onClick, disabled }: Props) {
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
    >
      <Icon name={icon} />
    </button>
  );
}
