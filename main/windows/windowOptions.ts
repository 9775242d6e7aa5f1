/**
 * The one set of window options, hardened and the same in tests and in production: isolated
 * context, sandboxed renderer, no Node, web security on. Pure data, so a test can check it.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  preloadPath: string;
  /** Light or dark, so the window does not flash white in dark mode. */
  dark: boolean;
}

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 960,
    height: 680,
    minWidth: 480,
    minHeight: 360,
    show: false,
    title: 'Gett Desktop',
    backgroundColor: input.dark ? '#1e1e1e' : '#ffffff',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/**
 * The page's Content-Security-Policy: only our own files run; images may come from the
 * servers we talk to (thumbnails), nothing else from the network.
 */
export function contentSecurityPolicy(serverOrigins: readonly string[]): string {
  const img = ["'self'", 'data:', 'blob:', ...serverOrigins].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${img}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Only web links leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
