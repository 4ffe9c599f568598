import { keyHint } from './format.ts';

/**
 * Anything shaped like a key of any deployment (`<prefix>_<live|test>_<base62…>`; 16 or more characters
 * after the environment, so truncated keys count too), and runs of base64 / base64url (also
 * percent-encoded) long enough to hide one, e.g. a `Basic` credential.
 */
const KEY_SHAPE = /(?<![A-Za-z0-9])[a-z][a-z0-9]{1,15}_(?:live|test)_[0-9A-Za-z]{16,}/g;
const BASE64_RUN = /(?:[A-Za-z0-9+/_-]|%2[BbFf]|%3[Dd]){40,}(?:=|%3[Dd]){0,2}/g;

/** What a masked key reads as: its hint, `lk_live_…abcd`. */
export const maskedKey = (key: string): string => keyHint(key);

const keyIn = (text: string): string | undefined => {
  KEY_SHAPE.lastIndex = 0;
  return KEY_SHAPE.exec(text)?.[0];
};

/** A run may start before the base64 does (`/v1/x/<base64>`, `token<base64>`): try where it could start. */
function maskBase64(run: string): string {
  const plain = run
    .replace(/%2[Bb]/g, '+')
    .replace(/%2[Ff]/g, '/')
    .replace(/%3[Dd]/g, '=');
  const starts = [0];
  for (let i = plain.indexOf('/'); i >= 0 && starts.length < 16; i = plain.indexOf('/', i + 1)) starts.push(i + 1);
  starts.push(1, 2, 3);
  for (const start of starts) {
    const decoded = Buffer.from(plain.slice(start).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
    const key = keyIn(decoded);
    if (key) return `${run.slice(0, start)}[base64 of ${maskedKey(key)}]`;
  }
  return run;
}

/**
 * `text` with every key in it, plain or base64-encoded, replaced by its hint. For every log line, error
 * message and audit field: the plaintext of a key is written nowhere. Cheap when there is nothing to mask.
 */
export function maskKeys(text: string): string {
  let out = text.includes('_live_') || text.includes('_test_') ? text.replace(KEY_SHAPE, maskedKey) : text;
  if (out.length >= 40) out = out.replace(BASE64_RUN, (run) => (run.includes('…') ? run : maskBase64(run)));
  return out;
}
