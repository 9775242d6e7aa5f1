// Flips Electron fuses in the packaged binary so it cannot be turned into a Node runtime or
// load code from outside app.asar. Runs for every electron-builder target.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

exports.default = async function afterPack(context) {
  const { appOutDir, packager, electronPlatformName } = context;
  const name = packager.appInfo.productFilename;
  const binary =
    electronPlatformName === 'darwin'
      ? path.join(appOutDir, `${name}.app`)
      : path.join(
          appOutDir,
          electronPlatformName === 'win32' ? `${name}.exe` : packager.executableName,
        );
  if (process.env.GETT_STUB_ELECTRON === '1') {
    // The package check runs with a stub binary that has no fuse wire to flip.
    console.log('  • skipping fuses for the stub Electron binary');
    return;
  }
  await flipFuses(binary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  });
};
