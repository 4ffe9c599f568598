import { HttpError, registerErrorHandling as registerKitErrorHandling, STATUS_TYPES } from '@latchkey/server-kit';
import type { FastifyInstance } from 'fastify';
import { DomainError, type DomainErrorKind } from '../domain/errors.ts';

export { type ErrorBody, ErrorSchema } from '@latchkey/server-kit';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
};

/** A domain error's HTTP answer: its kind picks the status, its `type` (or the status's) the body's type. */
export function domainErrorAnswer(err: Error): HttpError | undefined {
  if (!(err instanceof DomainError)) return undefined;
  const status = STATUS[err.kind];
  return new HttpError(status, err.type ?? STATUS_TYPES[status] ?? 'BAD_REQUEST', err.message);
}

/** Every route's errors as `{type, message}` (see server-kit), with the domain's errors mapped by kind. */
export function registerErrorHandling(app: FastifyInstance): void {
  registerKitErrorHandling(app, { map: domainErrorAnswer });
}
