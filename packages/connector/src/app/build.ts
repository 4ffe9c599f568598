import { fileURLToPath } from 'node:url';
import { webBuilder } from '@latchkey/web-kit/build.ts';
import { WEB_DIST, WEB_ROOT } from './paths.ts';

/** The connector's web app (connect screen, operators' overview); the bundle includes web-kit's client code. */
export const { webIsStale, buildWebIfStale } = webBuilder({
  root: WEB_ROOT,
  dist: WEB_DIST,
  extraSources: [
    fileURLToPath(new URL('../../../web-kit/src', import.meta.url)),
    // The one module of the kit the bundle includes (the connection states); the rest it imports as types only.
    fileURLToPath(new URL('../connections/states.ts', import.meta.url)),
  ],
});
