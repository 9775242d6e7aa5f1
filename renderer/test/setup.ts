import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { getInitialState as account, useAccountStore } from '../state/account';
import { getInitialState as connection, useConnectionStore } from '../state/connection';
import { getInitialState as progress, useProgressStore } from '../state/progress';
import { getInitialState as settings, useSettingsStore } from '../state/settings';
import { getInitialState as shares, useSharesStore } from '../state/shares';
import { getInitialState as toasts, useToastsStore } from '../state/toasts';
import { getInitialState as ui, useUiStore } from '../state/ui';

// jsdom lays nothing out; the virtual list's scroller gets a real-looking viewport.
const rect = Object.getOwnPropertyDescriptor(Element.prototype, 'getBoundingClientRect')?.value as (
  this: Element,
) => DOMRect;
HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
  if (this.hasAttribute('data-virtual-scroller')) return new DOMRect(0, 0, 800, 600);
  return rect.call(this);
};
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return this.hasAttribute('data-virtual-scroller') ? 600 : 0;
  },
});
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
  configurable: true,
  get(this: HTMLElement) {
    const inner = this.firstElementChild;
    if (!this.hasAttribute('data-virtual-scroller') || !(inner instanceof HTMLElement)) return 0;
    return parseFloat(inner.style.height) || 0;
  },
});
if (!HTMLElement.prototype.scrollTo) {
  HTMLElement.prototype.scrollTo = function (this: HTMLElement, opts?: ScrollToOptions | number) {
    if (typeof opts === 'object' && opts.top !== undefined) {
      this.scrollTop = opts.top;
      this.dispatchEvent(new Event('scroll'));
    }
  };
}

beforeEach(() => {
  useAccountStore.setState(account());
  useConnectionStore.setState(connection());
  useProgressStore.setState(progress());
  useSettingsStore.setState(settings());
  useSharesStore.setState(shares());
  useToastsStore.setState(toasts());
  useUiStore.setState(ui());
});

afterEach(() => {
  cleanup();
  document.documentElement.removeAttribute('data-theme');
});
