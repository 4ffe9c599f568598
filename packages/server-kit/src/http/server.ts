import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DEFAULT_INPUT_LIMITS, type InputLimits, registerInputLimits } from './input-limits.ts';
import { maskedLoggerOptions } from './logging.ts';
import { recordRoutes } from './routes.ts';

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
  trustProxy?: FastifyServerOptions['trustProxy'];
  bodyLimit: number;
  /** Ajv coercion of query strings (`'array'` also turns a single value into a one-item array). */
  coerceTypes: boolean | 'array';
  /** Bounds every route's input (NUL, numbers, array length, object size and depth). Default DEFAULT_INPUT_LIMITS. */
  inputLimits?: InputLimits;
}

/**
 * A Fastify instance with the settings both apps share: schemas keep unknown properties (and refuse them
 * where they say so); log lines without query strings and with every key masked; one input check for
 * every route (see input-limits.ts); every route recorded (routesOf).
 */
export function createServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: maskedLoggerOptions(opts.logger ?? false),
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: opts.bodyLimit,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: opts.coerceTypes, allErrors: false } },
  });
  recordRoutes(app);
  registerInputLimits(app, opts.inputLimits ?? DEFAULT_INPUT_LIMITS);
  return app;
}

/** The URL a listening server answers on, for people and clients (a wildcard address shows as 127.0.0.1). */
export function listenUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
