import { generateKey } from '@latchkey/keys';
import { describe, expect, it } from 'vitest';
import { PlatformHttpError, PlatformNetworkError, PlatformTimeoutError } from '../client/errors.ts';
import { classifyPlatformError, ERROR_CLASSES, failure, scopesNamedIn } from './errors.ts';
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

describe('error classes', () => {
  const ctx = { platformName: 'Pleo' };

  it('every class has a plain message and a recovery action', () => {
    for (const c of ERROR_CLASSES) {
      const f = failure(c, ctx);
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.action.length).toBeGreaterThan(10);
      expect(f.message).not.toMatch(/authentication failed/i);
    }
    expect(failure('invalid_key', ctx).message).toBe('The API Key appears to be invalid. Please check and try again.');
  });

  it('maps platform errors to classes', () => {
    const http = (status: number, detail = 'x', retry?: number) => new PlatformHttpError('GET', '/v1/x', status, 'T', detail, retry);
    expect(classifyPlatformError(http(401), ctx).errorClass).toBe('invalid_key');
    expect(classifyPlatformError(http(403, 'missing scope export-jobs:write'), ctx)).toMatchObject({
      errorClass: 'missing_scopes',
      missingScopes: ['export-jobs:write'],
    });
    expect(classifyPlatformError(http(429, 'slow', 42), ctx)).toMatchObject({
      errorClass: 'rate_limited',
      retryAfterSeconds: 42,
      action: 'Wait 42 seconds and try again.',
    });
    expect(classifyPlatformError(http(503), ctx).errorClass).toBe('platform_unavailable');
    expect(classifyPlatformError(new PlatformTimeoutError('GET', '/', 5), ctx).errorClass).toBe('platform_unavailable');
    expect(classifyPlatformError(new PlatformNetworkError('GET', '/', 'ECONNRESET'), ctx).errorClass).toBe('platform_unavailable');
    expect(() => classifyPlatformError(new TypeError('bug'), ctx)).toThrow('bug');
  });

  it('finds scope names in a 403 message', () => {
    expect(scopesNamedIn('Missing scopes: export-jobs:write, export-items:read (need users:read)')).toEqual([
      'export-jobs:write',
      'export-items:read',
      'users:read',
    ]);
    expect(scopesNamedIn('not-export-jobs:writer')).toEqual([]);
  });
});
