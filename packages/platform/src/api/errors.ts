import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type DomainErrorKind } from '../domain/errors.ts';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
};
const DEFAULT_TYPE: Record<number, string> = {
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

/** Error body shared by every route: Pleo's `{type, message}`. */
export interface ErrorBody {
  type: string;
  message: string;
}

export const ErrorSchema = {
  type: 'object',
  required: ['type', 'message'],
  properties: { type: { type: 'string' }, message: { type: 'string' } },
} as const;

/** Maps domain errors, validation errors and anything unexpected to `{type, message}`; never echoes credentials. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError, req, reply) => {
    if (err instanceof DomainError) {
      const status = STATUS[err.kind];
      return reply.code(status).send({ type: err.type ?? DEFAULT_TYPE[status], message: err.message });
    }
    if (err.validation) {
      const first = err.validation[0];
      const where = err.validationContext ?? 'request';
      const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
      const message = path ? `${where}.${path} ${first?.message}` : `${where} ${first?.message ?? 'is invalid'}`;
      return reply.code(400).send({ type: 'VALIDATION_ERROR', message });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ type: 'INTERNAL_ERROR', message: 'Something went wrong on our side; try again.' });
    }
    return reply.code(status).send({ type: DEFAULT_TYPE[status] ?? 'BAD_REQUEST', message: err.message });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ type: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` });
  });
}
