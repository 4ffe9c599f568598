import { describeParseFailure, parseKey } from '@latchkey/keys';

/**
 * Format rule per platform: `strict` — a Latchkey key (prefix, env, length, base62, checksum);
 * `lenient` — for platforms whose key format is unpublished (Pleo): printable ASCII, no inner
 * whitespace, 20–512 characters, so a real key is never refused offline.
 */
export type KeyFormat = 'strict' | 'lenient';

export const LENIENT_MIN = 20;
export const LENIENT_MAX = 512;

// Zero-width and byte-order marks that survive `trim()` or sneak in from rich-text copies.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * What the customer pasted → the key. Trims whitespace (pasted newlines are the classic "invalid key"),
 * invisible characters, surrounding quotes and a leading `Basic ` / `Bearer ` (someone copied a whole
 * header). A `Basic` value that is base64 of `<key>:` is decoded back to the key.
 */
export function normalizeKey(raw: string): string {
  let key = String(raw ?? '')
    .replace(INVISIBLE, '')
    .trim();
  key = key.replace(/^authorization:\s*/i, '');
  if (/^["'`].*["'`]$/s.test(key) && key.length >= 2) key = key.slice(1, -1).trim();
  const scheme = /^(basic|bearer)\s+/i.exec(key);
  if (scheme) {
    key = key.slice(scheme[0].length).trim();
    if (scheme[1]!.toLowerCase() === 'basic' && /^[A-Za-z0-9+/]+={0,2}$/.test(key) && key.length % 4 === 0) {
      const decoded = Buffer.from(key, 'base64').toString('utf8');
      if (/^[\x21-\x7e]+:$/.test(decoded)) key = decoded.slice(0, -1);
    }
  }
  return key;
}

export type PrecheckResult = { ok: true } | { ok: false; detail: string };

export function precheckKey(key: string, format: KeyFormat, prefix?: string): PrecheckResult {
  if (!key) return { ok: false, detail: 'no key was entered' };
  if (format === 'strict') {
    const parsed = parseKey(key, prefix);
    return parsed.ok ? { ok: true } : { ok: false, detail: describeParseFailure(parsed.reason) };
  }
  if (/\s/.test(key)) return { ok: false, detail: 'it contains spaces or line breaks' };
  if (!/^[\x21-\x7e]+$/.test(key)) return { ok: false, detail: 'it contains characters an API key cannot have' };
  if (key.length < LENIENT_MIN) return { ok: false, detail: 'it is too short' };
  if (key.length > LENIENT_MAX) return { ok: false, detail: 'it is too long' };
  return { ok: true };
}

/** The only form of a key ever shown after saving. Strict keys keep their public prefix and env. */
export function maskKey(key: string, format: KeyFormat): string {
  if (format === 'strict') {
    const second = key.indexOf('_', key.indexOf('_') + 1);
    if (second > 0 && second < 24) return `${key.slice(0, second + 1)}…${key.slice(-4)}`;
  }
  return `…${key.slice(-4)}`;
}
