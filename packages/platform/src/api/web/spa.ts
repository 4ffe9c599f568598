import { spa as serveSpa } from '@latchkey/web-kit/spa.ts';
import { WEB_DIST } from './paths.ts';

/** The platform's web app at `/`; never shadowing the external API, docs, health, the web API or bench routes. */
export const spa = (dist: string = WEB_DIST) =>
  serveSpa({
    dist,
    reserved: [/^\/v\d+(\/|$)/, /^\/docs(\/|$)/, /^\/openapi\.json$/, /^\/healthz$/, /^\/app\/api(\/|$)/, /^\/bench(\/|$)/],
    notBuilt:
      'The Latchkey web app is not built yet. Run `npm start`, or call buildWebIfStale() from packages/platform/src/api/web/build.ts.',
  });
