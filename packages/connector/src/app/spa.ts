import { spa as serveSpa } from '@latchkey/web-kit/spa.ts';
import { WEB_DIST } from './paths.ts';

/** The connector's web app at `/`; never shadowing its API, docs, health or the webhook receiver. */
export const spa = (dist: string = WEB_DIST) =>
  serveSpa({
    dist,
    reserved: [/^\/api(\/|$)/, /^\/docs(\/|$)/, /^\/openapi\.json$/, /^\/healthz$/, /^\/webhooks(\/|$)/],
    notBuilt: 'The connector web app is not built yet. Call buildWebIfStale() from packages/connector/src/app/build.ts (npm start does).',
  });
