import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
/** ISO-8601 UTC with milliseconds: the storage format of every timestamp (sorts as text). */
export const nowIso = (ms: number = Date.now()): string => new Date(ms).toISOString();
export const companyUrn = (companyId: string): string => `urn:pleo:company:${companyId}`;
export const parseJson = <T>(text: string | null | undefined, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
/** A UUID with or without hyphens or braces: integration ids look like this, so names and slugs never do. */
export const isUuidShaped = (value: string): boolean =>
  /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(value.trim());
