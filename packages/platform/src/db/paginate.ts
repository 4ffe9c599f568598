import { type SelectQueryBuilder, sql } from 'kysely';
import { invalid } from '../domain/errors.ts';

/** Pleo's cursor pagination parameters. Cursors are opaque (base64url of the row id). */
export interface PageRequest {
  before?: string;
  after?: string;
  offset?: number;
  limit?: number;
}

export interface PageInfo {
  currentRequestPagination: { parameters: Record<string, string[]>; limit: number; before?: string; after?: string; offset?: number };
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string;
  endCursor?: string;
  total: number;
}

export interface Page<T> {
  data: T[];
  pagination: PageInfo;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');
const hasControlCharacter = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0xfffd) return true;
  }
  return false;
};

/**
 * The row id a cursor stands for. Only cursors this API could have given out decode: canonical base64url
 * of printable text (no NUL or other control character) of at most 200 characters; anything else is a
 * 400 naming the parameter, never a query with garbage in it.
 */
export function decodeCursor(cursor: string, field = 'cursor'): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!id || id.length > 200 || encodeCursor(id) !== cursor || hasControlCharacter(id)) {
    throw invalid(`${field} is not a cursor this API returned`, 'VALIDATION_ERROR');
  }
  return id;
}

/**
 * Keyset pagination over a query whose rows have a unique, sortable `idColumn` (text ids sort stably).
 * `parameters` echoes the filters of the request, as Pleo does.
 */
// biome-ignore lint/suspicious/noExplicitAny: works over any table's select query
export async function paginate<O extends Record<string, any>>(
  // biome-ignore lint/suspicious/noExplicitAny: see above
  query: SelectQueryBuilder<any, any, O>,
  idColumn: string,
  page: PageRequest,
  parameters: Record<string, string[]> = {},
): Promise<Page<O>> {
  const limit = Math.min(Math.max(page.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const idField = idColumn.includes('.') ? (idColumn.split('.').pop() as string) : idColumn;
  const totalRow = await query.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  const total = Number((totalRow as { n?: number | string } | undefined)?.n ?? 0);
  let q = query;
  const backwards = !!page.before && !page.after;
  if (page.after) q = q.where(sql.ref(idColumn), '>', decodeCursor(page.after, 'query.after'));
  if (page.before) q = q.where(sql.ref(idColumn), '<', decodeCursor(page.before, 'query.before'));
  q = q.orderBy(sql.ref(idColumn), backwards ? 'desc' : 'asc').limit(limit + 1);
  if (page.offset && !page.after && !page.before) q = q.offset(page.offset);
  const rows = await q.execute();
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  if (backwards) data.reverse();
  const first = data[0]?.[idField] as string | undefined;
  const last = data[data.length - 1]?.[idField] as string | undefined;
  return {
    data,
    pagination: {
      currentRequestPagination: {
        parameters,
        limit,
        ...(page.before ? { before: page.before } : {}),
        ...(page.after ? { after: page.after } : {}),
        ...(page.offset ? { offset: page.offset } : {}),
      },
      hasNextPage: backwards ? true : more,
      hasPreviousPage: backwards ? more : !!page.after || !!page.offset,
      ...(first ? { startCursor: encodeCursor(first) } : {}),
      ...(last ? { endCursor: encodeCursor(last) } : {}),
      total,
    },
  };
}
