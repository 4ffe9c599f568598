import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { masterKey as mk } from '../testing/vault.ts';
import { formatMasterKeys, loadMasterKeys, MASTER_KEY_FILE, parseMasterKeys } from './master-keys.ts';

describe('master keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-mk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses LATCHKEY_MASTER_KEYS (first = current) and rejects junk with a clear message', () => {
    const k1 = mk('k1');
    const k2 = mk('k2');
    const text = formatMasterKeys([k1, k2]);
    const loaded = loadMasterKeys({ env: { LATCHKEY_MASTER_KEYS: text } });
    expect(loaded.source).toBe('env');
    expect(loaded.keys.map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(loaded.keys[0]!.key.equals(k1.key)).toBe(true);
    // URL-safe base64 is fine too.
    expect(parseMasterKeys(`x:${k1.key.toString('base64url')}`, 't')[0]!.key.equals(k1.key)).toBe(true);
    expect(() => parseMasterKeys('nokeyid', 'env')).toThrow(/not "<key id>:<base64 key>"/);
    expect(() => parseMasterKeys(`a:${randomBytes(16).toString('base64')}`, 'env')).toThrow(/32 bytes/);
    expect(() => parseMasterKeys('a:***', 'env')).toThrow(/not base64/);
    expect(() => parseMasterKeys(`${text},${text}`, 'env')).toThrow(/twice/);
    expect(() => parseMasterKeys(' , ', 'env')).toThrow(/no master key/);
    // The error never echoes the key itself.
    try {
      parseMasterKeys(`a:${randomBytes(20).toString('base64')}`, 'env');
    } catch (err) {
      expect(String(err)).not.toMatch(/a:[A-Za-z0-9+/]{20}/);
    }
  });

  it('creates a 0600 key file on first start and reads it back afterwards', () => {
    const first = loadMasterKeys({ env: {}, dataDir: dir, allowCreate: true });
    expect(first.source).toBe('created');
    const file = join(dir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadMasterKeys({ env: {}, dataDir: dir, allowCreate: false });
    expect(again.source).toBe('file');
    expect(again.keys[0]!.key.equals(first.keys[0]!.key)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(first.keys[0]!.id);
  });

  it('is a clear start-up error when no key is configured (never a plaintext fallback)', () => {
    expect(() => loadMasterKeys({ env: {} })).toThrow(/no master key configured: set LATCHKEY_MASTER_KEYS/);
    expect(() => loadMasterKeys({ env: {}, dataDir: dir, allowCreate: false })).toThrow(/already holds encrypted secrets/);
  });

  it('refuses a key file other users can read', () => {
    writeFileSync(join(dir, MASTER_KEY_FILE), formatMasterKeys([mk('a')]), { mode: 0o644 });
    expect(() => loadMasterKeys({ env: {}, dataDir: dir })).toThrow(/chmod 600/);
  });
});
