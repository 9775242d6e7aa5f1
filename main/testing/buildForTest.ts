/**
 * Builds the app's main and embedded-server bundles from source into a private folder
 * (scripts/testBundle.ts: the options of scripts/build.mjs), so tests never race over dist/.
 */
import { bundleForTest } from '../../scripts/testBundle';

export async function buildForTest() {
  const built = await bundleForTest(
    { 'main/index': 'main/index.ts', 'server/embedded': 'server/embedded.ts' },
    { external: ['electron'] },
  );
  return {
    main: built.path('main/index'),
    embedded: built.path('server/embedded'),
    remove: () => Promise.resolve(built.remove()),
  };
}
