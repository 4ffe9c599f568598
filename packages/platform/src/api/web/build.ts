import { fileURLToPath } from 'node:url';
import { webBuilder } from '@latchkey/web-kit/build.ts';
import { WEB_DIST, WEB_ROOT } from './paths.ts';

/** The platform's web app; the bundle also includes the scope list (packages/keys) and web-kit's client code. */
export const { webIsStale, buildWebIfStale } = webBuilder({
  root: WEB_ROOT,
  dist: WEB_DIST,
  extraSources: [
    fileURLToPath(new URL('../../../../keys/src/scopes.ts', import.meta.url)),
    fileURLToPath(new URL('../../../../web-kit/src', import.meta.url)),
  ],
});
