import { createHash } from 'node:crypto';
import { base62, checksum } from '@latchkey/keys';

/**
 * Deterministic, well-formed keys for seeded databases: key `i` can be rebuilt at any time, so the
 * benchmark never stores plaintexts. Same shape as a real key (`lk_live_` + 43 base62 + 6-char CRC32);
 * the body is not uniformly random, which does not matter for timing.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const BENCH_PREFIX = 'lk';

export function benchKey(i: number): string {
  const h = createHash('sha256').update(`latchkey-bench-${i}`).digest();
  let body = '';
  for (let b = 0; b < 32; b++) body += ALPHABET[h[b]! % 62];
  body += base62(i, 11);
  const head = `${BENCH_PREFIX}_live_${body}`;
  return head + checksum(head);
}

export const basicAuth = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/** Ordered, UUID-shaped ids (ordered ids keep bulk inserts append-only in the primary-key B-tree). */
export const benchId = (tag: 'b0' | 'b1' | 'b2' | 'b3' | 'b4', i: number): string =>
  `${tag}000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
export const keyRowId = (i: number) => benchId('b0', i);
export const installationRowId = (i: number) => benchId('b1', i);
export const companyRowId = (i: number) => benchId('b2', i);
export const integrationRowId = (i: number) => benchId('b3', i);
export const PARTNER_ID = benchId('b4', 0);
