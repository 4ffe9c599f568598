import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Scope } from '@latchkey/keys';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { Type } from 'typebox';
import type { KeyPrincipal } from '../../auth/verifier.ts';
import type { PlatformServices } from '../../services.ts';
import { ErrorSchema } from '../errors.ts';

/**
 * What an external API operation module needs, and nothing that imports a route: operation modules import
 * this file (never `plugin.ts` or the route lists), so each one can be imported, registered and tested alone.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified key's installation, company and scopes (external API routes only). */
    principal: KeyPrincipal;
  }
  interface FastifyContextConfig {
    /** Scope the route requires; `null` = any valid key of the installation. */
    scope?: Scope | null;
  }
}

/**
 * The instance operations register on: its type provider makes each route's TypeBox schema the type of
 * `req.params`, `req.query`, `req.body` and of what the handler returns, so no route restates them.
 */
export type ExternalApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A route module of the external API: registers one operation. */
export type ExternalRoute = (app: ExternalApp, services: PlatformServices) => void;

export const API_KEY_SECURITY: Array<Record<string, string[]>> = [{ basicAuth: [] }, { bearerAuth: [] }];
export const JSON_UTF8 = 'application/json;charset=UTF-8';

/** An error response for the OpenAPI document: Pleo's `{type, message}`. */
export const errorResponse = (description: string) => ({ description, ...ErrorSchema });

/** A response without a body (204, 202): `reply.code(204).send()`. */
export const noBody = (description: string) => Type.Unsafe<undefined>({ description, type: 'null' });

/** Error responses every authenticated operation can give, for the OpenAPI document. */
export const AUTH_ERRORS = {
  400: errorResponse('Malformed input'),
  401: errorResponse('Missing, malformed, unknown, revoked or expired API key'),
  403: errorResponse('The key lacks the scope this operation requires'),
  404: errorResponse('Not found (or belongs to another company)'),
  429: errorResponse('Rate limited; see Retry-After'),
} as const;

/** The OpenAPI fields of an operation: tag, summary, the API-key security schemes, and any extra (`operationId`, …). */
export function operation(tag: string, summary: string, extra: Record<string, unknown> = {}) {
  return { tags: [tag], summary, security: API_KEY_SECURITY, ...extra };
}
