// Stops with one line when Node is older than the app needs (better-sqlite3 13 crashes Node 20
// with a bare "Segmentation fault"). Plain CommonJS in old syntax on purpose: it must run on
// any Node. Run first by the npm scripts and bundled first into the gett-server CLI.
'use strict';

// The same as package.json "engines" (check-node.test.ts holds them together).
var NEEDED = [22, 12];

/** The one-line complaint for a Node version ("v20.20.2"), or null when it is new enough. */
function tooOld(version) {
  var have = version.replace(/^v/, '').split('.').map(Number);
  if (have[0] > NEEDED[0] || (have[0] === NEEDED[0] && have[1] >= NEEDED[1])) return null;
  return (
    'Gett Desktop needs Node.js >= ' +
    NEEDED.join('.') +
    ' (this is ' +
    version +
    '): ' +
    'install Node 24 (nodejs.org, or `npm install -g --prefix ~/.node24 node@24` and put ' +
    '~/.node24/bin first on PATH), then run the command again.'
  );
}

module.exports = { NEEDED: NEEDED, tooOld: tooOld };

var complaint = tooOld(process.version);
if (complaint) {
  process.stderr.write(complaint + '\n');
  process.exit(1);
}

// Run by an npm script (not bundled into the CLI): the tools must be installed, or every
// command would die with "sh: tsc: not found".
if (require.main === module) {
  try {
    require.resolve('typescript/package.json', { paths: [__dirname + '/..'] });
  } catch {
    process.stderr.write(
      'Gett Desktop: dependencies are not installed; run `npm install` first.\n',
    );
    process.exit(1);
  }
}
