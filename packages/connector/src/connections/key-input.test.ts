import { generateKey } from '@latchkey/keys';
import { describe, expect, it } from 'vitest';
import { maskKey, normalizeKey, precheckKey } from './key-input.ts';

const key = generateKey({ prefix: 'lk' });

describe('pasted key normalisation', () => {
  it('trims whitespace, newlines, invisible characters, quotes and a leading Basic/Bearer', () => {
    for (const pasted of [
      key,
      `  ${key}\n`,
      `\t${key}\r\n`,
      `\uFEFF${key}\u200B`,
      `"${key}"`,
      `'${key}'`,
      `Bearer ${key}`,
      `bearer   ${key}  `,
      `Basic ${key}`,
      `Authorization: Bearer ${key}`,
      `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    ]) {
      expect(normalizeKey(pasted)).toBe(key);
    }
  });

  it('leaves the key itself alone', () => {
    expect(normalizeKey('Basicxyz')).toBe('Basicxyz');
    expect(normalizeKey(`Basic ${Buffer.from('not-a-key').toString('base64')}`)).toBe(Buffer.from('not-a-key').toString('base64'));
  });
});

describe('format precheck', () => {
  it('strict: prefix, env, length, alphabet and checksum', () => {
    expect(precheckKey(key, 'strict', 'lk')).toEqual({ ok: true });
    expect(precheckKey(key, 'strict', 'acme')).toEqual({ ok: false, detail: 'unexpected key prefix' });
    expect(precheckKey(`${key.slice(0, -1)}${key.at(-1) === 'A' ? 'B' : 'A'}`, 'strict')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/checksum/),
    });
    expect(precheckKey('', 'strict')).toEqual({ ok: false, detail: 'no key was entered' });
  });

  it('lenient: printable ASCII, no inner whitespace, 20–512 characters', () => {
    expect(precheckKey('a'.repeat(20), 'lenient')).toEqual({ ok: true });
    expect(precheckKey('x'.repeat(512), 'lenient')).toEqual({ ok: true });
    expect(precheckKey(key, 'lenient')).toEqual({ ok: true });
    expect(precheckKey('a'.repeat(19), 'lenient')).toMatchObject({ ok: false, detail: 'it is too short' });
    expect(precheckKey('a'.repeat(513), 'lenient')).toMatchObject({ ok: false, detail: 'it is too long' });
    expect(precheckKey('aaaaaaaaaa aaaaaaaaaa', 'lenient')).toMatchObject({ ok: false });
    expect(precheckKey('aaaaaaaaaaaaaaaaaaaaé', 'lenient')).toMatchObject({ ok: false });
  });

  it('masks: strict keeps its public prefix, lenient shows only the last four', () => {
    expect(maskKey(key, 'strict')).toBe(`lk_live_…${key.slice(-4)}`);
    expect(maskKey('secret_part_of_an_opaque_key_1234', 'lenient')).toBe('…1234');
    expect(maskKey('averyveryverylongsecretprefix_live_rest1234', 'strict')).toBe('…1234');
  });
});
