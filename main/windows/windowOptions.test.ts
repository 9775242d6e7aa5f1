import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isExternalWebUrl, mainWindowOptions } from './windowOptions';

describe('main window options', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const web = mainWindowOptions({ preloadPath: '/app/preload.cjs', dark: false }).webPreferences;
    expect(web).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('is the same hardened set whatever the theme', () => {
    const light = mainWindowOptions({ preloadPath: 'p', dark: false }).webPreferences;
    const dark = mainWindowOptions({ preloadPath: 'p', dark: true }).webPreferences;
    expect(dark).toEqual(light);
  });

  it('allows scripts only from the app and images only from known servers', () => {
    const csp = contentSecurityPolicy(['http://192.168.1.5:8040']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/img-src [^;]*http:\/\/192\.168\.1\.5:8040/);
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-eval|\*)/);
  });

  it('sends only http(s) links to the system browser', () => {
    expect(isExternalWebUrl('https://ge.tt/abc')).toBe(true);
    expect(isExternalWebUrl('http://192.168.1.5:8040/abc')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)')).toBe(false);
    expect(isExternalWebUrl('smb://host/share')).toBe(false);
    expect(isExternalWebUrl('not a url')).toBe(false);
  });
});
