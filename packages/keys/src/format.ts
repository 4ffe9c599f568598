import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Key format: `<prefix>_<env>_<body><checksum>`
 * - prefix: deployment-wide, lowercase letters/digits (default `lk`)
 * - env: `live` or `test`
 * - body: 43 base62 characters drawn uniformly (43 × log2(62) ≈ 256.03 bits)
 * - checksum: CRC32 of everything before it, base62, left-padded to 6 characters
 *
 * The checksum lets servers and secret scanners reject typos and junk offline.
 * CRC32 catches every single-character change (any burst of ≤ 32 bits).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const BODY_LENGTH = 43;
export const CHECKSUM_LENGTH = 6;
export const KEY_ENVS = ['live', 'test'] as const;
export type KeyEnv = (typeof KEY_ENVS)[number];
export const DEFAULT_PREFIX = 'lk';

const PREFIX_RE = /^[a-z][a-z0-9]{1,15}$/;
/** Digit value of each ASCII code in base62, or -1. A table walk is ~2× cheaper than a regex on the verify hot path. */
const BASE62_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) BASE62_VALUE[ALPHABET.charCodeAt(i)] = i;

/** Every character of `text` from `from` on is base62 (and there is at least one). */
function isBase62From(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || BASE62_VALUE[c]! < 0) return false;
  }
  return true;
}

/** Value of the base62 digits of `text` from `from` on (all already known to be base62). */
function base62ValueFrom(text: string, from: number): number {
  let v = 0;
  for (let i = from; i < text.length; i++) v = v * 62 + BASE62_VALUE[text.charCodeAt(i)]!;
  return v;
}

export function isValidPrefix(prefix: string): boolean {
  return PREFIX_RE.test(prefix);
}

export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

export function checksum(text: string): string {
  return base62(crc32(text), CHECKSUM_LENGTH);
}

/** Uniform base62 string by rejection sampling (bytes ≥ 248 are discarded, 248 = 4 × 62). */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export interface GenerateOptions {
  prefix?: string;
  env?: KeyEnv;
}

export function generateKey({ prefix = DEFAULT_PREFIX, env = 'live' }: GenerateOptions = {}): string {
  if (!isValidPrefix(prefix)) throw new Error(`invalid key prefix "${prefix}": 2–16 lowercase letters or digits, starting with a letter`);
  const head = `${prefix}_${env}_${randomBase62(BODY_LENGTH)}`;
  return head + checksum(head);
}

export type ParseFailure = 'empty' | 'shape' | 'prefix' | 'env' | 'length' | 'charset' | 'checksum';
export type ParsedKey = { ok: true; prefix: string; env: KeyEnv } | { ok: false; reason: ParseFailure };

const FAILURE_TEXT: Record<ParseFailure, string> = {
  empty: 'no key given',
  shape: 'not shaped like <prefix>_<env>_<secret>',
  prefix: 'unexpected key prefix',
  env: 'unknown key environment (expected live or test)',
  length: 'wrong length',
  charset: 'contains characters outside base62',
  checksum: 'checksum does not match (a typo or a truncated key)',
};

export function describeParseFailure(reason: ParseFailure): string {
  return FAILURE_TEXT[reason];
}

/**
 * Offline check of a candidate key: shape, prefix, env, length, alphabet and checksum.
 * Never throws and never echoes the candidate.
 */
export function parseKey(candidate: string, expectedPrefix?: string): ParsedKey {
  if (!candidate) return { ok: false, reason: 'empty' };
  const first = candidate.indexOf('_');
  const second = first < 0 ? -1 : candidate.indexOf('_', first + 1);
  if (first < 0 || second < 0) return { ok: false, reason: 'shape' };
  const prefix = candidate.slice(0, first);
  const env = candidate.slice(first + 1, second);
  if (!isValidPrefix(prefix) || (expectedPrefix !== undefined && prefix !== expectedPrefix)) {
    return { ok: false, reason: 'prefix' };
  }
  if (env !== 'live' && env !== 'test') return { ok: false, reason: 'env' };
  // The tail (body + checksum) starts after the second underscore.
  if (candidate.length - second - 1 !== BODY_LENGTH + CHECKSUM_LENGTH) return { ok: false, reason: 'length' };
  if (!isBase62From(candidate, second + 1)) return { ok: false, reason: 'charset' };
  const split = candidate.length - CHECKSUM_LENGTH;
  // Same test as `checksum(head) !== given`, without building the string: six base62 digits encode
  // every value below 62^6 (> 2^32) exactly one way, so equal values mean equal strings.
  if (crc32(candidate.slice(0, split)) !== base62ValueFrom(candidate, split)) return { ok: false, reason: 'checksum' };
  return { ok: true, prefix, env };
}

/** SHA-256 hex digest: the only form of a key the platform stores. */
export function digestKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Display hint: `lk_live_…abcd` (prefix, env and last four characters). */
export function keyHint(key: string): string {
  const second = key.indexOf('_', key.indexOf('_') + 1);
  const head = second > 0 ? key.slice(0, second + 1) : '';
  return `${head}…${key.slice(-4)}`;
}
