import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flip, masterKey as mk } from '../testing/vault.ts';
import { Vault, VaultError } from './vault.ts';

const ctx = { tenantId: 'tenant-a', connectionId: 'conn-1' };
const SECRET = 'lk_live_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

function expectVaultError(fn: () => unknown, code?: VaultError['code']) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    if (code) expect((err as VaultError).code).toBe(code);
    expect(String((err as Error).message)).not.toContain(SECRET);
    return;
  }
  throw new Error('expected a VaultError');
}

describe('vault envelope', () => {
  const a = mk('a');
  const vault = new Vault([a]);

  it('round-trips, with a fresh nonce and data key on every write, and names its master key', () => {
    const one = vault.encrypt(SECRET, ctx);
    const two = vault.encrypt(SECRET, ctx);
    expect(one).not.toBe(two);
    expect(one.startsWith('lkv1.a.')).toBe(true);
    expect(vault.keyIdOf(one)).toBe('a');
    expect(one).not.toContain(SECRET.slice(8, 20));
    expect(vault.decrypt(one, ctx)).toBe(SECRET);
    expect(vault.decrypt(two, ctx)).toBe(SECRET);
  });

  it('rejects any tampering: wrapped key, data ciphertext, nonce, tag, key id, version', () => {
    const env = vault.encrypt(SECRET, ctx);
    expectVaultError(() => vault.decrypt(flip(env, 2, 0), ctx), 'decrypt_failed'); // DEK nonce
    expectVaultError(() => vault.decrypt(flip(env, 2, 20), ctx), 'decrypt_failed'); // wrapped DEK
    expectVaultError(() => vault.decrypt(flip(env, 3, 0), ctx), 'decrypt_failed'); // data nonce
    expectVaultError(() => vault.decrypt(flip(env, 3, 14), ctx), 'decrypt_failed'); // data ciphertext
    expectVaultError(() => vault.decrypt(flip(env, 3, 10_000), ctx), 'decrypt_failed'); // last byte of the tag
    const parts = env.split('.');
    expectVaultError(() => vault.decrypt(['lkv2', ...parts.slice(1)].join('.'), ctx), 'malformed');
    expectVaultError(() => vault.decrypt(parts.slice(0, 3).join('.'), ctx), 'malformed');
    expectVaultError(() => vault.decrypt(`${env}AA`, ctx), 'decrypt_failed');
    expectVaultError(() => vault.decrypt('', ctx), 'malformed');
    // Truncated data part.
    expectVaultError(() => vault.decrypt([...parts.slice(0, 3), parts[3]!.slice(0, 10)].join('.'), ctx));
  });

  it('binds each ciphertext to its tenant and connection (a copy on another row fails)', () => {
    const env = vault.encrypt(SECRET, ctx);
    expectVaultError(() => vault.decrypt(env, { ...ctx, connectionId: 'conn-2' }), 'decrypt_failed');
    expectVaultError(() => vault.decrypt(env, { ...ctx, tenantId: 'tenant-b' }), 'decrypt_failed');
    // No ambiguity from concatenation: ("ab","c") is not ("a","bc").
    const env2 = vault.encrypt(SECRET, { tenantId: 'ab', connectionId: 'c' });
    expectVaultError(() => vault.decrypt(env2, { tenantId: 'a', connectionId: 'bc' }), 'decrypt_failed');
  });

  it('fails with the wrong master key bytes under the same id, and names an unknown key id', () => {
    const env = vault.encrypt(SECRET, ctx);
    expectVaultError(() => new Vault([mk('a')]).decrypt(env, ctx), 'decrypt_failed');
    expectVaultError(() => new Vault([mk('b')]).decrypt(env, ctx), 'unknown_key');
  });

  it('rewraps to the current key; the old key alone cannot read the result, the new one alone can', () => {
    const env = vault.encrypt(SECRET, ctx);
    const b = mk('b');
    const both = new Vault([b, a]);
    expect(both.decrypt(env, ctx)).toBe(SECRET);
    const moved = both.rewrap(env, ctx);
    expect(both.keyIdOf(moved)).toBe('b');
    expect(new Vault([b]).decrypt(moved, ctx)).toBe(SECRET);
    expectVaultError(() => vault.decrypt(moved, ctx), 'unknown_key');
    // Rewrap authenticates the data too: a damaged secret is not carried along silently.
    expectVaultError(() => both.rewrap(flip(env, 3, 14), ctx), 'decrypt_failed');
    // The AAD still applies after the move.
    expectVaultError(() => new Vault([b]).decrypt(moved, { ...ctx, connectionId: 'other' }), 'decrypt_failed');
  });

  it('refuses bad configuration', () => {
    expect(() => new Vault([])).toThrow(VaultError);
    expect(() => new Vault([{ id: 'a', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => new Vault([{ id: 'a.b', key: randomBytes(32) }])).toThrow(/invalid master key id/);
    expect(() => new Vault([a, a])).toThrow(/twice/);
  });

  it('does not leak key material when serialised', () => {
    expect(JSON.stringify(vault)).not.toContain(a.key.toString('base64'));
  });
});
