import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

/** One registered route as the app knows it: method, URL pattern (`/v1/vendors/:vendorId`) and its schema. */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
  /** The route's `config` (scope, access rule, …). */
  config: Record<string, unknown>;
}

const TABLES = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Starts recording every route registered on `app` or its plugins from now on (call it on a fresh instance). */
export function recordRoutes(app: FastifyInstance): void {
  const table: RegisteredRoute[] = [];
  TABLES.set(app, table);
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      table.push({ method, url: route.url, schema: route.schema, config: (route.config ?? {}) as Record<string, unknown> });
    }
  });
}

/** Every route registered on `app` (server-kit's createServer records them), so tests and the fuzzer enumerate them, never list them. */
export function routesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  const table = TABLES.get(app);
  if (!table) throw new Error('routesOf: this instance was not made by createServer');
  return table;
}
