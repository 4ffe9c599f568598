import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidKeyId, type MasterKey, VaultError } from './vault.ts';

/**
 * Master keys come from, in order: the `masterKeys` option, the `LATCHKEY_MASTER_KEYS`
 * environment variable, or `<dataDir>/connector-master-keys` — a file created on first start (mode 0600)
 * when nothing else is configured and no secret has been stored yet.
 *
 * Text format for all three: `kid1:base64key,kid2:base64key` (commas or newlines; the first entry
 * is the current key; each key is 32 bytes, standard or URL-safe base64). `#` starts a comment.
 */

export const MASTER_KEYS_ENV = 'LATCHKEY_MASTER_KEYS';
export const MASTER_KEY_FILE = 'connector-master-keys';

export type MasterKeySource = 'option' | 'env' | 'file' | 'created';

export interface LoadedMasterKeys {
  keys: MasterKey[];
  source: MasterKeySource;
  /** The key file, when the keys came from one. */
  file?: string;
}

export interface LoadMasterKeysOptions {
  masterKeys?: string | readonly MasterKey[];
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  dataDir?: string;
  /** May a new key file be created? False once the database holds secrets: a new key could not read them. */
  allowCreate?: boolean;
}

export function parseMasterKeys(text: string, origin: string): MasterKey[] {
  const keys: MasterKey[] = [];
  const entries = text
    .split(/[\n,]/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new VaultError(`${origin}: entry ${i + 1} is not "<key id>:<base64 key>"`, 'config');
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!isValidKeyId(id)) throw new VaultError(`${origin}: entry ${i + 1} has an invalid key id (1–64 of A–Z a–z 0–9 _ -)`, 'config');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) throw new VaultError(`${origin}: key "${id}" is not base64`, 'config');
    const key = Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length !== 32) throw new VaultError(`${origin}: key "${id}" must decode to 32 bytes, got ${key.length}`, 'config');
    if (keys.some((k) => k.id === id)) throw new VaultError(`${origin}: key id "${id}" appears twice`, 'config');
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new VaultError(`${origin}: no master key in it`, 'config');
  return keys;
}

export function formatMasterKeys(keys: readonly MasterKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
}

/** A new random master key with a date-stamped id, e.g. `k20250101-3f9a2c`. */
export function generateMasterKey(): MasterKey {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return { id: `k${day}-${randomBytes(3).toString('hex')}`, key: randomBytes(32) };
}

export function loadMasterKeys(opts: LoadMasterKeysOptions): LoadedMasterKeys {
  if (opts.masterKeys !== undefined) {
    const keys = typeof opts.masterKeys === 'string' ? parseMasterKeys(opts.masterKeys, 'masterKeys option') : [...opts.masterKeys];
    if (keys.length === 0) throw new VaultError('masterKeys option: no master key in it', 'config');
    return { keys, source: 'option' };
  }
  const env = opts.env ?? process.env;
  const fromEnv = env[MASTER_KEYS_ENV];
  if (fromEnv?.trim()) return { keys: parseMasterKeys(fromEnv, MASTER_KEYS_ENV), source: 'env' };

  if (!opts.dataDir) {
    throw new VaultError(
      `no master key configured: set ${MASTER_KEYS_ENV}="<key id>:<base64 of 32 random bytes>" (e.g. from \`openssl rand -base64 32\`), or give a data dir so a key file can be created`,
      'config',
    );
  }
  const file = join(opts.dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    if (process.platform !== 'win32') {
      const mode = statSync(file).mode & 0o777;
      if (mode & 0o077) {
        throw new VaultError(
          `master key file ${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
          'config',
        );
      }
    }
    return { keys: parseMasterKeys(readFileSync(file, 'utf8'), file), source: 'file', file };
  }
  if (!opts.allowCreate) {
    throw new VaultError(
      `no master key configured, and the database already holds encrypted secrets: restore ${file} or set ${MASTER_KEYS_ENV} to the key they were encrypted with`,
      'config',
    );
  }
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = generateMasterKey();
  const text = `# Latchkey connector master keys: first = current. Keep this file secret and backed up;\n# without it the stored API keys cannot be decrypted.\n${formatMasterKeys([key])}\n`;
  // 'wx': never overwrite a key file another process created a moment ago.
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return { keys: parseMasterKeys(readFileSync(file, 'utf8'), file), source: 'file', file };
    throw err;
  }
  return { keys: [key], source: 'created', file };
}
