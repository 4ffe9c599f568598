import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
/** ISO-8601 UTC with milliseconds: the storage format of every timestamp (sorts as text). */
export const nowIso = (ms: number = Date.now()): string => new Date(ms).toISOString();
export const companyUrn = (companyId: string): string => `urn:pleo:company:${companyId}`;
export const parseJson = <T>(text: string | null | undefined, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
