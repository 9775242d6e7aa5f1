/**
 * A "More actions" button and its menu of labelled commands. The menu is rendered into
 * <body>, so the virtual list's clipping cannot cut it; arrow keys move, Escape or Tab closes
 * it and focus returns to the button, so a command that opens a dialog gives focus back there.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from './icons';
import { useRowTabIndex } from './rowTab';
import './menu.css';

export interface MenuItem {
  readonly label: string;
  readonly onSelect: () => void;
  readonly danger?: boolean;
}

const MENU_GAP = 4;

export function MenuButton({ label, items }: { label: string; items: readonly MenuItem[] }) {
  const tabIndex = useRowTabIndex();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<{ top: number; right: number } | null>(null);

  const close = (refocus: boolean) => {
    setOpen(false);
    setAt(null);
    if (refocus) buttonRef.current?.focus();
  };

  // Place the menu under the button, or above it when the window has no room below.
  useLayoutEffect(() => {
    if (!open) return;
    const button = buttonRef.current?.getBoundingClientRect();
    const menu = menuRef.current;
    if (!button || !menu) return;
    const height = menu.offsetHeight;
    const below = button.bottom + MENU_GAP;
    const top =
      below + height > window.innerHeight ? Math.max(4, button.top - MENU_GAP - height) : below;
    setAt({ top, right: Math.max(4, window.innerWidth - button.right) });
  }, [open]);

  // Focus the first command once the menu is placed: while it is still hidden for measuring,
  // the browser refuses focus, and arrow keys would then do nothing.
  useLayoutEffect(() => {
    if (at) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [at]);

  // A click elsewhere, scrolling or resizing closes it (the button may have moved).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    // A resize's target is the window, which is no Node: contains() would throw on it.
    const onMove = (e: Event) => {
      const inMenu = e.target instanceof Node && menuRef.current?.contains(e.target);
      if (!inMenu) close(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('scroll', onMove, true);
    window.addEventListener('resize', onMove);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('scroll', onMove, true);
      window.removeEventListener('resize', onMove);
    };
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // The menu lives inside a list row in React's tree: keep its keys from moving the list.
    e.stopPropagation();
    const entries = Array.from(
      menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [],
    );
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = {
      ArrowDown: (index + 1) % entries.length,
      ArrowUp: (index - 1 + entries.length) % entries.length,
      Home: 0,
      End: entries.length - 1,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      entries[to]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close(true);
    }
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        tabIndex={tabIndex}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => (open ? close(true) : setOpen(true))}
      >
        <Icon name="more" />
      </button>
      {open
        ? createPortal(
            <div
              ref={menuRef}
              className="menu"
              role="menu"
              aria-label={label}
              style={at ? { top: at.top, right: at.right } : { visibility: 'hidden' }}
              onKeyDown={onKeyDown}
            >
              {items.map((item) => (
                <button
                  key={item.label}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
                  onClick={() => {
                    close(true);
                    item.onSelect();
                  }}
                >
                  {item.label}
                </button>
              ))}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
