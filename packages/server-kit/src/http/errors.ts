import { maskKeys } from '@latchkey/keys';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { TooManyAttempts } from '../throttle.ts';

/** Error body of every route of both apps (Pleo's shape). */
export interface ErrorBody {
  type: string;
  message: string;
}

export const ErrorSchema = {
  type: 'object',
  required: ['type', 'message'],
  properties: { type: { type: 'string' }, message: { type: 'string' } },
} as const;

/** An error that already knows its HTTP answer. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const STATUS_TYPES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
};

/**
 * Fastify's own 4xx messages can quote the request (a JSON parse error shows the start of the body, which
 * may be a key): only these fixed texts are sent back.
 */
const FIXED_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type: send application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body must not be empty when the content type is application/json.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length.',
  FST_ERR_CTP_INVALID_TYPE: 'The Content-Type header is not valid.',
};

export const notFoundBody = (req: FastifyRequest): ErrorBody => ({
  type: 'NOT_FOUND',
  message: `No route ${req.method} ${maskKeys(req.url.split('?')[0] ?? '')}`,
});

export interface ErrorHandlingOptions {
  /** The app's own errors (domain errors, …) as an HttpError; undefined for anything else. */
  map?: (err: Error) => HttpError | undefined;
  /** Where an unexpected error (answered 500) is logged. Default: the request's logger. */
  onUnexpected?: (err: Error, req: FastifyRequest) => void;
}

/**
 * Every error becomes `{type, message}`: HttpErrors and the app's mapped errors as they say, schema
 * validation as a 400 naming the field (never the submitted value), throttled attempts as a 429 with
 * `Retry-After`, other client errors with a fixed text, anything else as a logged 500 that says nothing
 * about the inside. Unknown routes are JSON 404s.
 */
export function registerErrorHandling(app: FastifyInstance, opts: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = err instanceof HttpError ? err : opts.map?.(err);
    if (known) {
      for (const [k, v] of Object.entries(known.headers)) reply.header(k, v);
      return reply.code(known.statusCode).send({ type: known.type, message: maskKeys(known.message) });
    }
    if (err instanceof TooManyAttempts) {
      reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.code(429).send({ type: 'RATE_LIMITED', message: err.message });
    }
    if (err.validation) {
      const first = err.validation[0];
      const where = err.validationContext ?? 'request';
      const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
      const message = path ? `${where}.${path} ${first?.message}` : `${where} ${first?.message ?? 'is invalid'}`;
      return reply.code(400).send({ type: 'VALIDATION_ERROR', message: maskKeys(message) });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      if (opts.onUnexpected) opts.onUnexpected(err, req);
      else req.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ type: 'INTERNAL_ERROR', message: 'Something went wrong on our side; try again.' });
    }
    const message = (err.code && FIXED_MESSAGES[err.code]) || `The request was refused (${status}).`;
    return reply.code(status).send({ type: STATUS_TYPES[status] ?? 'BAD_REQUEST', message });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send(notFoundBody(req)));
}
