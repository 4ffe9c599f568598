import type { FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import type { PageRequest } from '../../../db/paginate.ts';

/** Schema pieces shared by the accounting resource routes (Pleo's shapes). */

export const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A string enum as plain JSON Schema (`{type: string, enum}`): reads well in OpenAPI and in validation errors. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
export const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
export const StringMap = Type.Record(Type.String(), Type.String());
export const Metadata = Type.Record(Type.String(), Type.Unknown(), { description: 'Place for API users to store flexible data.' });

export const PAGE_ORDERS = ['ASC', 'ASC_NULLS_FIRST', 'ASC_NULLS_LAST', 'DESC', 'DESC_NULLS_FIRST', 'DESC_NULLS_LAST'] as const;

/** Pleo's cursor pagination query parameters. Results are ordered by creation (id); `sorting_*` are accepted and ignored. */
const pageProperties = {
  before: Type.Optional(
    Type.String({ description: 'Lower bound of the page of data to return (cannot be used together with [after] or [offset]).' }),
  ),
  after: Type.Optional(
    Type.String({ description: 'Upper bound of the page of data to return (cannot be used together with [before] or [offset]).' }),
  ),
  offset: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Offset of the page of data to return (cannot be used together with [before] or [after]).' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 0, description: 'The maximum amount of items to return (at most 100).' })),
  sorting_keys: Type.Optional(Type.Array(Type.String(), { description: 'Accepted for compatibility; results are ordered by creation.' })),
  sorting_order: Type.Optional(
    Type.Array(StringEnum(PAGE_ORDERS), { description: 'Accepted for compatibility; results are ordered by creation.' }),
  ),
};

/** A querystring schema: the given filters plus the pagination parameters. */
export const PageQuery = <P extends Record<string, TSchema>>(filters: P) => Type.Object({ ...filters, ...pageProperties });

type PageQueryParams = { before?: string; after?: string; offset?: number; limit?: number };
export const pageOf = (q: PageQueryParams): PageRequest => ({ before: q.before, after: q.after, offset: q.offset, limit: q.limit });

const CursorPageInfo = Type.Object({
  currentRequestPagination: Type.Object({
    parameters: Type.Record(Type.String(), Type.Array(Type.String())),
    limit: Type.Optional(Type.Integer()),
    before: Type.Optional(Type.String()),
    after: Type.Optional(Type.String()),
    offset: Type.Optional(Type.Integer()),
  }),
  hasNextPage: Type.Boolean(),
  hasPreviousPage: Type.Boolean(),
  startCursor: Type.Optional(Type.String()),
  endCursor: Type.Optional(Type.String()),
  total: Type.Optional(Type.Integer()),
});

/** `{data, pagination}` */
export const Paginated = <T extends TSchema>(item: T, description?: string) =>
  Type.Object({ data: Type.Array(item), pagination: CursorPageInfo }, description ? { description } : {});
/** `{data}` */
export const DataOf = <T extends TSchema>(data: T, description?: string) => Type.Object({ data }, description ? { description } : {});

export type { Static };

/** `preValidation` for operations whose JSON body is optional (Pleo's search requests): no body reads as `{}`. */
export const optionalBody = async (req: FastifyRequest): Promise<void> => {
  if (req.body === undefined || req.body === null) req.body = {};
};

/** No NUL character anywhere in a string: PostgreSQL cannot store one, and no legitimate value holds one. */
export const NO_NUL = '^[^\\u0000]*$';
/** A bounded string without NUL characters (default at most 255 characters); anything else is a 400 naming the field. */
export const Text = (options: { minLength?: number; maxLength?: number; description?: string } = {}) =>
  Type.String({ maxLength: 255, pattern: NO_NUL, ...options });
/** Pleo's int32, bounded to its range unless narrowed. */
export const Int32 = (options: { minimum?: number; maximum?: number; description?: string } = {}) =>
  Type.Integer({ minimum: -2147483648, maximum: 2147483647, format: 'int32', ...options });
