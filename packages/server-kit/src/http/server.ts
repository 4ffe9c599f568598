import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DEFAULT_INPUT_LIMITS, type InputLimits, registerInputLimits } from './input-limits.ts';
import { maskedLoggerOptions } from './logging.ts';
import { recordRoutes } from './routes.ts';
import type { TrustProxy } from './trust-proxy.ts';

/** How long a client may take; a slow or stalled one is cut off rather than holding a connection open. */
export interface ServerTimeouts {
  /** The whole request, headers and body, must arrive within this (408 otherwise). */
  requestTimeout: number;
  /** The headers must arrive within this. */
  headersTimeout: number;
  /** A socket with no traffic at all (waiting for a request or an answer) is closed after this. */
  connectionTimeout: number;
  /** An idle keep-alive connection is closed after this (above a load balancer's idle timeout). */
  keepAliveTimeout: number;
  /** A keep-alive connection serves at most this many requests. */
  maxRequestsPerSocket: number;
  /** How often Node checks requests against requestTimeout and headersTimeout. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  requestTimeout: 30_000,
  headersTimeout: 15_000,
  connectionTimeout: 60_000,
  keepAliveTimeout: 72_000,
  maxRequestsPerSocket: 10_000,
  checkIntervalMs: 1_000,
};

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
  /** Proxies whose X-Forwarded-For is believed (see parseTrustProxy); default none. */
  trustProxy?: TrustProxy;
  bodyLimit: number;
  /** Ajv coercion of query strings (`'array'` also turns a single value into a one-item array). */
  coerceTypes: boolean | 'array';
  /** Bounds every route's input (NUL, numbers, array length, object size and depth). Default DEFAULT_INPUT_LIMITS. */
  inputLimits?: InputLimits;
  /** Default DEFAULT_TIMEOUTS. */
  timeouts?: Partial<ServerTimeouts>;
}

/**
 * A Fastify instance with the settings both apps share: schemas keep unknown properties (and refuse them
 * where they say so); log lines without query strings and with every key masked; one input check for
 * every route (see input-limits.ts); every route recorded (routesOf).
 */
export function createServer(opts: ServerOptions): FastifyInstance {
  const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const app = Fastify({
    requestTimeout: t.requestTimeout,
    connectionTimeout: t.connectionTimeout,
    keepAliveTimeout: t.keepAliveTimeout,
    maxRequestsPerSocket: t.maxRequestsPerSocket,
    http: { headersTimeout: Math.min(t.headersTimeout, t.requestTimeout), connectionsCheckingInterval: t.checkIntervalMs },
    logger: maskedLoggerOptions(opts.logger ?? false),
    trustProxy: trustProxyOption(opts.trustProxy ?? false),
    bodyLimit: opts.bodyLimit,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: opts.coerceTypes, allErrors: false } },
  });
  recordRoutes(app);
  registerInputLimits(app, opts.inputLimits ?? DEFAULT_INPUT_LIMITS);
  return app;
}

/** Fastify's form: a hop count as "the nearest n addresses are proxies" (Fastify itself trusts no hop for a number). */
function trustProxyOption(tp: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (typeof tp === 'number') return tp > 0 ? (_address: string, hop: number) => hop < tp : false;
  return tp;
}

/** The URL a listening server answers on, for people and clients (a wildcard address shows as 127.0.0.1). */
export function listenUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
