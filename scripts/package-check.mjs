// `npm run test:package`: packages the app with electron-builder --dir around a stub Electron
// binary (no real one can be downloaded everywhere) and checks what the package carries:
//   - app.asar: the built main, preload, server and renderer, nothing from tests, e2e, benches
//     or source maps;
//   - resources/app-update.yml: the update config electron-updater reads (from `publish`);
//   - the Linux desktop entry electron-builder writes into the AppImage and the deb, computed
//     by electron-builder's own LinuxTargetHelper for this package: "Open with" MIME types,
//     gett:// links, %U, the screenshot actions;
//   - the NSIS include (Send to, Explorer context menu, gett://) the Windows installer is built
//     with, as electron-builder resolves it.
// What only a machine with the packaging tools does (they download on first use): the AppImage
// (appimagetool), the deb (fpm), the dmg and the NSIS compile (makensis). Their inputs are what
// is checked here.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import asar from '@electron/asar';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const { build, Platform } = require('electron-builder');
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper');
const afterPack = require('./after-pack.cjs').default;

const problems = [];
const check = (ok, what) => ok || problems.push(what);

const work = mkdtempSync(join(tmpdir(), 'gett-package-'));
try {
  const stub = join(work, 'electron-dist');
  mkdirSync(stub);
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho stub electron\n');
  chmodSync(join(stub, 'electron'), 0o755);
  const out = join(work, 'out');
  const config = parse(readFileSync('electron-builder.yml', 'utf8'));
  let desktopEntry = '';
  process.env.GETT_STUB_ELECTRON = '1';
  await build({
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      ...config,
      electronDist: stub,
      directories: { ...config.directories, output: out },
      afterPack: async (context) => {
        await afterPack(context);
        const options = context.packager.platformSpecificBuildOptions;
        desktopEntry = await new LinuxTargetHelper(context.packager).computeDesktopEntry(options);
      },
    },
  });
  const resources = join(out, 'linux-unpacked', 'resources');

  // app.asar
  const files = asar.listPackage(join(resources, 'app.asar'), {});
  const own = files.filter((f) => !f.startsWith('/node_modules/'));
  for (const f of [
    '/dist/main/index.cjs',
    '/dist/preload/index.cjs',
    '/dist/server/cli.cjs',
    '/dist/server/embedded.cjs',
    '/dist/renderer/index.html',
    '/package.json',
  ]) {
    check(files.includes(f), `app.asar lacks ${f}`);
  }
  for (const f of own.filter((f) =>
    /\.(test|spec)\.|\/e2e\/|\/bench\/|\.map$|\.tsx?$|\/test\//.test(f),
  )) {
    problems.push(`app.asar carries ${f}, which is not part of the app`);
  }

  // The update config.
  const updateFile = join(resources, 'app-update.yml');
  check(
    existsSync(updateFile),
    'resources/app-update.yml is missing: electron-builder.yml needs `publish`',
  );
  const update = existsSync(updateFile) ? parse(readFileSync(updateFile, 'utf8')) : {};
  const publish = [config.publish].flat()[0] ?? {};
  check(
    update.provider === publish.provider && update.provider !== undefined,
    `app-update.yml names provider ${update.provider}, electron-builder.yml ${publish.provider}`,
  );
  for (const key of ['owner', 'repo', 'url']) {
    if (publish[key] !== undefined) {
      check(
        update[key] === publish[key],
        `app-update.yml ${key} is ${update[key]}, not ${publish[key]}`,
      );
    }
  }
  check(update.updaterCacheDirName !== undefined, 'app-update.yml has no updaterCacheDirName');

  // The Linux desktop entry.
  const lines = desktopEntry.split('\n');
  const entry = (key, section = '[Desktop Entry]') => {
    const start = lines.indexOf(section);
    if (start < 0) return undefined;
    for (const line of lines.slice(start + 1)) {
      if (line.startsWith('[')) return undefined;
      if (line.startsWith(`${key}=`)) return line.slice(key.length + 1);
    }
    return undefined;
  };
  check(/ %U$/.test(entry('Exec') ?? ''), `desktop entry Exec takes no %U: ${entry('Exec')}`);
  const mime = (entry('MimeType') ?? '').split(';');
  for (const m of ['x-scheme-handler/gett', 'application/octet-stream', 'inode/directory']) {
    check(mime.includes(m), `desktop entry MimeType lacks ${m}`);
  }
  const actions = (entry('Actions') ?? '').split(';').filter(Boolean);
  check(actions.length >= 2, `desktop entry has no actions: ${entry('Actions')}`);
  for (const a of actions) {
    const exec = entry('Exec', `[Desktop Action ${a}]`);
    check(
      /^gett-desktop --screenshot=(region|screen)$/.test(exec ?? ''),
      `desktop action ${a} runs ${exec}`,
    );
    check(entry('Name', `[Desktop Action ${a}]`) !== undefined, `desktop action ${a} has no Name`);
  }
  check(entry('Name') === 'Gett Desktop', `desktop entry Name is ${entry('Name')}`);

  // The NSIS include, as electron-builder resolves it (relative to the project).
  const include = config.nsis?.include ? resolve(config.nsis.include) : '';
  check(
    include !== '' && existsSync(include),
    `nsis.include ${config.nsis?.include} does not exist`,
  );
  if (include && existsSync(include)) {
    const nsh = readFileSync(include, 'utf8');
    const macro = (name) => {
      const m = new RegExp(`!macro ${name}\\n([\\s\\S]*?)!macroend`).exec(nsh);
      return m ? m[1] : '';
    };
    const install = macro('customInstall');
    const uninstall = macro('customUnInstall');
    check(/CreateShortCut "\$SENDTO\\/.test(install), 'the installer adds no Send to shortcut');
    check(/Delete "\$SENDTO\\/.test(uninstall), 'the uninstaller leaves the Send to shortcut');
    for (const key of [
      'Software\\Classes\\*\\shell\\GettDesktop',
      'Software\\Classes\\Directory\\shell\\GettDesktop',
      'Software\\Classes\\gett',
    ]) {
      check(install.includes(`"${key}`), `the installer does not write ${key}`);
      check(
        uninstall.includes(`DeleteRegKey SHELL_CONTEXT "${key}"`),
        `the uninstaller leaves ${key}`,
      );
    }
    check(
      install.includes(`${'\\command" "" \'"$INSTDIR\\${APP_EXECUTABLE_FILENAME}" -- "%1"\''}`),
      'the context menu does not pass the file after --',
    );
  }

  if (problems.length > 0) {
    console.error(`package check failed:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      `package check: app.asar holds ${own.length} app files and no test files; app-update.yml ` +
        `(${update.provider}); the desktop entry opens files, folders and gett:// with ` +
        `${actions.length} actions; the NSIS include adds Send to, the Explorer menu and gett://`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
