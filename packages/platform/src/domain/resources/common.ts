import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { PageRequest } from '../../db/paginate.ts';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../context.ts';
import { notFound } from '../errors.ts';

export type { PageRequest };

/**
 * Company binding: every resource belongs to the key's company. A request that names another company
 * (query `company_id`, body `companyId`) gets the same 404 as an id that does not exist — never a hint
 * that the other company exists.
 */
export function assertCompany(keyCompanyId: string, requested: string | null | undefined): void {
  if (requested && requested !== keyCompanyId) throw notFound(`company ${requested} not found`);
}

export const bool = (n: number | boolean | null | undefined): boolean => n === true || n === 1;
export const flag = (b: boolean | null | undefined): number => (b ? 1 : 0);

/** Drops `undefined` values so optional fields are absent rather than null. */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj;
}

/** A unique-index (or primary-key) violation, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}

/** The filters of a request, echoed as Pleo's `currentRequestPagination.parameters`. */
export function echo(params: Record<string, string | number | boolean | readonly string[] | null | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    out[k] = Array.isArray(v) ? v.map(String) : [String(v)];
  }
  return out;
}

/** Case-insensitive "contains" pattern for LIKE, with the wildcards of the input escaped. */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `lower(column) LIKE '%text%'` with wildcards escaped; same on SQLite and PostgreSQL. */
export const contains = (column: string, text: string) => sql<boolean>`lower(${sql.ref(column)}) like ${containsPattern(text)} escape '\\'`;

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one. */
export function inTransaction<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return (db as Kysely<DB>).transaction().execute(fn);
}

/**
 * A UUIDv7 (RFC 9562): 48-bit millisecond timestamp, a 12-bit sequence, then random bits. Ids made by this
 * process sort by creation (the sequence orders ids of the same millisecond), so keyset pagination over the
 * id column (db/paginate.ts) lists oldest first, as Pleo's lists do.
 */
let lastMs = 0;
let seq = 0;
export function timeOrderedId(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    seq++;
    if (seq > 0xfff) {
      ms++;
      seq = 0;
    }
  } else {
    seq = randomBytes(2).readUInt16BE(0) & 0x3ff; // leaves room for 3k more ids in the same millisecond
  }
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
