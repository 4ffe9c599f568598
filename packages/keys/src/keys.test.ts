import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BODY_LENGTH,
  CHECKSUM_LENGTH,
  checksum,
  digestKey,
  generateKey,
  hasScopes,
  keyHint,
  missingScopes,
  normalizeScopes,
  parseKey,
  parseScopes,
  SCOPES,
} from './index.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('key format', () => {
  it('generates <prefix>_<env>_<43 base62><6 checksum>', () => {
    const key = generateKey({ prefix: 'lk', env: 'live' });
    expect(key).toMatch(/^lk_live_[0-9A-Za-z]{49}$/);
    expect(key.length).toBe('lk_live_'.length + BODY_LENGTH + CHECKSUM_LENGTH);
    expect(key.slice(-6)).toBe(checksum(key.slice(0, -6)));
  });

  it('refuses a bad prefix', () => {
    expect(() => generateKey({ prefix: 'LK' })).toThrow(/invalid key prefix/);
    expect(() => generateKey({ prefix: 'a_b' })).toThrow(/invalid key prefix/);
  });

  it('property: every generated key parses, for any valid prefix and env', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{1,15}$/), fc.constantFrom('live' as const, 'test' as const), (prefix, env) => {
        const key = generateKey({ prefix, env });
        expect(parseKey(key)).toEqual({ ok: true, prefix, env });
        expect(parseKey(key, prefix).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: any single-character substitution is rejected', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (posSeed, charSeed) => {
        const key = generateKey();
        const pos = posSeed % key.length;
        const alphabet = `${BASE62}_`;
        let replacement = alphabet[charSeed % alphabet.length] as string;
        if (replacement === key[pos]) replacement = alphabet[(charSeed + 1) % alphabet.length] as string;
        const typo = key.slice(0, pos) + replacement + key.slice(pos + 1);
        expect(parseKey(typo).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: arbitrary strings never parse as keys and never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        expect(parseKey(s).ok).toBe(false);
      }),
    );
  });

  it('names why a candidate was rejected', () => {
    const key = generateKey();
    expect(parseKey('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseKey('hello')).toEqual({ ok: false, reason: 'shape' });
    expect(parseKey(key.replace('_live_', '_prod_'))).toEqual({ ok: false, reason: 'env' });
    expect(parseKey(key.slice(0, -1))).toEqual({ ok: false, reason: 'length' });
    expect(parseKey(`${key.slice(0, 10)}!${key.slice(11)}`)).toEqual({ ok: false, reason: 'charset' });
    expect(parseKey(key, 'acme')).toEqual({ ok: false, reason: 'prefix' });
  });

  it('keys are unique', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateKey()));
    expect(seen.size).toBe(2000);
  });
});

describe('digest and hint', () => {
  it('digest is SHA-256 hex and never contains the key', () => {
    const key = generateKey();
    const d = digestKey(key);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(d).toBe(digestKey(key));
    expect(d).not.toContain(key.slice(8, 20));
  });

  it('hint shows prefix, env and last four only', () => {
    const key = generateKey({ prefix: 'lk', env: 'test' });
    expect(keyHint(key)).toBe(`lk_test_…${key.slice(-4)}`);
  });
});

describe('scopes', () => {
  it('holds Pleo scope list in resource:action grammar', () => {
    expect(SCOPES).toContain('export-jobs:write');
    for (const s of SCOPES) expect(s).toMatch(/^[a-z-]+:(read|write)$/);
  });

  it('parses space- and comma-separated lists and names unknown scopes', () => {
    expect(parseScopes('users:read, vendors:read users:read')).toEqual(['users:read', 'vendors:read']);
    expect(() => parseScopes('users:read expenses:delete')).toThrow('unknown scope "expenses:delete"');
  });

  it('matches exactly: write does not imply read', () => {
    expect(hasScopes(['vendors:write'], ['vendors:read'])).toBe(false);
    expect(missingScopes(['vendors:read'], ['vendors:read', 'users:read'])).toEqual(['users:read']);
    expect(hasScopes(new Set(['a:read', 'b:read']), ['b:read'])).toBe(true);
  });

  it('normalizes order and duplicates', () => {
    expect(normalizeScopes(['vendors:read', 'accounts:read', 'vendors:read'])).toEqual(['accounts:read', 'vendors:read']);
  });
});
