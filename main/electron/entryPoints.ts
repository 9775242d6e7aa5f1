/**
 * Electron's side of "share from anywhere": the events that carry files and links into the
 * running app (second-instance, open-file, open-url), the link socket for `--print-links`,
 * and the hand-over a second instance does before it exits. The routing is LaunchRouter's.
 */
import { resolve } from 'node:path';
import { app } from 'electron';
import { drop } from '../../shared/log';
import { argStart, parseLaunchArgs, type LaunchRequest } from '../launch/launchArgs';
import type { LaunchOutcome, LaunchRouter } from '../launch/launchRouter';
import { linkSocketPath, requestLinks, serveLinkRequests } from '../launch/linkSocket';

/** The app's own arguments of an argv of this app (ours or a second instance's). */
export const ownArgs = (argv: readonly string[]) => argv.slice(argStart(process.defaultApp));

/** This launch's request, read from our own command line. */
export const thisLaunch = (): LaunchRequest =>
  parseLaunchArgs(ownArgs(process.argv), process.cwd());

/** Links on stdout and failures on stderr, one a line; the exit code says if all went well. */
export function printOutcome(out: LaunchOutcome): number {
  if (out.links.length > 0) process.stdout.write(`${out.links.join('\n')}\n`);
  for (const e of out.errors) process.stderr.write(`gett-desktop: ${e}\n`);
  return out.errors.length > 0 ? 1 : 0;
}

/**
 * Another instance holds the lock: it gets our argv through `second-instance`. With
 * `--print-links` we ask it over the link socket instead and print its answer.
 */
export function handOver(request: LaunchRequest): void {
  if (!request.printLinks) {
    app.quit();
    return;
  }
  const path = linkSocketPath(app.getPath('userData'));
  drop(
    requestLinks(path, { args: ownArgs(process.argv), cwd: process.cwd() }).then((answer) =>
      app.exit(printOutcome(answer)),
    ),
    (err) => {
      process.stderr.write(`gett-desktop: ${err instanceof Error ? err.message : String(err)}\n`);
      app.exit(1);
    },
  );
}

/**
 * Listens for files and links from outside. Call before `ready`: macOS sends open-file and
 * open-url for the launch itself that early. Returns a function that stops the link socket.
 */
export function listenForLaunches(router: LaunchRouter): () => Promise<void> {
  app.on('open-file', (event, path) => {
    event.preventDefault();
    router.openFile(path);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    drop(router.handle({ paths: [], urls: [url], screenshot: null, printLinks: false }));
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const request = parseLaunchArgs(ownArgs(argv), workingDirectory);
    // A --print-links instance asks over the socket; sharing here too would share twice.
    if (request.printLinks) return;
    // Explorer's context menu starts one instance per selected file: files arriving together
    // become one share, as a Finder selection does.
    if (request.urls.length === 0 && request.screenshot === null && request.paths.length > 0) {
      for (const path of request.paths) router.openFile(path);
      return;
    }
    drop(router.handle(request));
  });
  // Windows and Linux hand gett:// links over as arguments; macOS through open-url.
  if (process.defaultApp) {
    app.setAsDefaultProtocolClient('gett', process.execPath, [resolve(process.argv[1] ?? '.')]);
  } else {
    app.setAsDefaultProtocolClient('gett');
  }
  const socket = serveLinkRequests(linkSocketPath(app.getPath('userData')), (req) =>
    router.handle(parseLaunchArgs(req.args, req.cwd)),
  );
  drop(socket, (err) => console.error('the link socket could not start', err));
  return () => socket.then((s) => s.close()).catch(() => {});
}
