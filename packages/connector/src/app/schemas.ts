import type { FastifyInstance } from 'fastify';
import { ERROR_CLASSES } from '../connections/errors.ts';
import { VISIBLE_STATES } from '../connections/states.ts';
import { CONNECT_STEPS } from './views.ts';

const nullableString = { type: 'string', nullable: true } as const;

const connectionProperties = {
  id: { type: 'string' },
  state: { type: 'string', enum: [...VISIBLE_STATES] },
  companyId: nullableString,
  companyName: nullableString,
  installationId: nullableString,
  applicationName: nullableString,
  keyMask: { type: 'string', nullable: true, description: 'Display mask only (`lk_live_…abcd`); a key is never returned.' },
  hasKey: { type: 'boolean' },
  scopes: { type: 'array', items: { type: 'string' } },
  lastCheckedAt: nullableString,
  lastSuccessAt: nullableString,
  lastError: {
    type: 'object',
    nullable: true,
    properties: { errorClass: { type: 'string' }, message: nullableString, action: nullableString },
  },
  failureCount: { type: 'integer' },
  connectedAt: nullableString,
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
} as const;

/** Shared schemas, referenced as `Name#` by the routes and listed in the OpenAPI document. */
export function addSchemas(app: FastifyInstance): void {
  app.addSchema({
    $id: 'ErrorBody',
    type: 'object',
    required: ['type', 'message'],
    properties: { type: { type: 'string' }, message: { type: 'string' } },
  });
  app.addSchema({ $id: 'Connection', type: 'object', properties: connectionProperties });
  app.addSchema({
    $id: 'OperatorConnection',
    type: 'object',
    properties: { ...connectionProperties, tenantId: { type: 'string' }, tenantName: nullableString, reportedStatus: nullableString },
  });
  app.addSchema({
    $id: 'ConnectFailure',
    type: 'object',
    description: 'A classified failure: nothing was stored or changed.',
    properties: {
      type: { type: 'string', enum: ['CONNECT_FAILED'] },
      message: { type: 'string' },
      error: {
        type: 'object',
        properties: {
          errorClass: { type: 'string', enum: [...ERROR_CLASSES] },
          message: { type: 'string' },
          action: { type: 'string' },
          step: { type: 'string', enum: [...CONNECT_STEPS] },
          missingScopes: { type: 'array', items: { type: 'string' } },
          retryAfterSeconds: { type: 'integer' },
          keyCompanyId: { type: 'string' },
          expectedCompanyId: { type: 'string' },
        },
      },
    },
  });
  app.addSchema({
    $id: 'Session',
    type: 'object',
    properties: {
      principal: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['customer', 'operator'] },
          email: { type: 'string' },
          userId: { type: 'string' },
          tenantId: { type: 'string' },
          tenantName: { type: 'string' },
          operatorId: { type: 'string' },
          name: { type: 'string' },
        },
      },
      csrfToken: { type: 'string', description: 'Send as `x-csrf-token` on every state-changing request.' },
      expiresAt: { type: 'string' },
    },
  });
  app.addSchema({
    $id: 'ConnectionEvent',
    type: 'object',
    properties: {
      id: { type: 'string' },
      from: nullableString,
      to: { type: 'string' },
      reason: { type: 'string' },
      message: nullableString,
      at: { type: 'string' },
    },
  });
}

export const ref = (name: string) => ({ $ref: `${name}#` });
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ref('ErrorBody')]));

/** No query parameters at all: a key must never travel in a URL. */
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;
export const keyBody = {
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: {
    key: {
      type: 'string',
      maxLength: 4096,
      description: 'The API key exactly as pasted (surrounding whitespace and a leading `Bearer `/`Basic ` are removed).',
    },
  },
} as const;
