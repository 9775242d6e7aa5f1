/** A square button with an icon; the label is both the accessible name and the tooltip. */
import type { IconName } from './icons';
import { Icon } from './icons';
import { useRowTabIndex } from './rowTab';

interface Props {
  icon: IconName;
  label: string;
  onClick: () => void;
  disabled?: boolean;
}

export function IconButton({ icon, label, onClick, disabled }: Props) {
  const tabIndex = useRowTabIndex();
  return (
    <button
      type="button"
      tabIndex={tabIndex}
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
