import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const schema = JSON.parse(
  readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8'),
) as Record<string, unknown>;
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('builds installers for every desktop platform', () => {
    const targets = (key: string) =>
      ((config[key] as { target: string[] } | undefined)?.target ?? []).join(',');
    expect(config.productName).toBe('Gett Desktop');
    expect(targets('linux')).toBe('AppImage,deb');
    expect(targets('mac')).toBe('dmg');
    expect(targets('win')).toBe('nsis');
  });

  it('registers gett:// links with the OS', () => {
    expect(config.protocols).toEqual([{ name: 'Gett link', schemes: ['gett'] }]);
  });

  it('rejects an unknown option, so the check can fail', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });
});
