import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const { NEEDED, tooOld } = createRequire(import.meta.url)('./check-node.cjs') as {
  NEEDED: number[];
  tooOld(version: string): string | null;
};

describe('check-node', () => {
  it('needs what package.json engines says', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(`>=${NEEDED.join('.')}`);
  });

  it('names the Node needed and the one found, in one line', () => {
    const said = tooOld('v20.20.2');
    expect(said).toMatch(
      /^Gett Desktop needs Node\.js >= 22\.12 \(this is v20\.20\.2\): install Node 24/,
    );
    expect(said).not.toContain('\n');
    expect(tooOld('v22.11.0')).not.toBeNull();
  });

  it('lets new enough Node through', () => {
    for (const v of ['v22.12.0', 'v22.20.1', 'v24.0.0', 'v30.1.2']) expect(tooOld(v)).toBeNull();
  });

  it('the npm scripts that run app code check first', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of [
      'build',
      'start',
      'dev',
      'test',
      'test:unit',
      'test:e2e',
      'bench',
      'server',
      'typecheck',
      'lint',
      'format',
      'package',
      'test:package',
    ]) {
      expect(pkg.scripts[name], name).toMatch(/^node scripts\/check-node\.cjs && /);
    }
  });

  it('says to run npm install when the tools are not installed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'check-node-'));
    try {
      await mkdir(join(dir, 'scripts'));
      await copyFile(resolve(root, 'scripts/check-node.cjs'), join(dir, 'scripts/check-node.cjs'));
      const run = promisify(execFile)(process.execPath, [join(dir, 'scripts/check-node.cjs')]);
      await expect(run).rejects.toMatchObject({
        code: 1,
        stderr: 'Gett Desktop: dependencies are not installed; run `npm install` first.\n',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('passes silently on this Node', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      resolve(root, 'scripts/check-node.cjs'),
    ]);
    expect(stdout + stderr).toBe('');
  });
});
