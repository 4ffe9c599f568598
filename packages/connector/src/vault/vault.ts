import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope encryption for stored API keys.
 *
 * Every write draws a fresh 256-bit data key (DEK) and a fresh 12-byte nonce; the secret is
 * encrypted under the DEK, and the DEK is wrapped (AES-256-GCM, its own fresh nonce) under the
 * current master key. The envelope is one ASCII string:
 *
 *     lkv1.<master key id>.<wrapped DEK: nonce|ciphertext|tag>.<nonce>.<ciphertext|tag>   (base64url parts)
 *
 * Both layers authenticate associated data naming the tenant and the connection, so a ciphertext
 * copied onto another row (or another tenant) fails to decrypt. The master-key id travels in the
 * envelope, so `rewrap` can move a secret to a new master key by re-wrapping only its DEK, and reads
 * keep working during the move as long as both keys are configured.
 */

export const ENVELOPE_VERSION = 'lkv1';
const NONCE = 12;
const TAG = 16;
const DEK = 32;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export interface MasterKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** Binds a ciphertext to the row it belongs to. */
export interface SecretContext {
  tenantId: string;
  connectionId: string;
}

/** Raised for every vault failure. Its message never contains key material or plaintext. */
export class VaultError extends Error {
  override name = 'VaultError';
  constructor(
    message: string,
    readonly code: 'malformed' | 'unknown_key' | 'decrypt_failed' | 'config',
  ) {
    super(message);
  }
}

export function isValidKeyId(id: string): boolean {
  return KEY_ID_RE.test(id);
}

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}

function unb64(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

function dataAad(ctx: SecretContext): Buffer {
  return Buffer.from(JSON.stringify([ENVELOPE_VERSION, 'data', ctx.tenantId, ctx.connectionId]));
}

function dekAad(keyId: string, ctx: SecretContext): Buffer {
  return Buffer.from(JSON.stringify([ENVELOPE_VERSION, 'dek', keyId, ctx.tenantId, ctx.connectionId]));
}

/**
 * CSPRNG bytes drawn from a 4 KiB pool: `randomBytes` costs ~5 µs per call here, and every write needs
 * three draws (data key, two nonces). A used pool is never rewritten (a fresh one is allocated), so
 * slices handed out earlier stay as they were.
 */
let pool = Buffer.alloc(0);
let poolOffset = 0;
function random(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = random(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < NONCE + TAG) throw new VaultError('ciphertext is truncated', 'malformed');
  const nonce = sealed.subarray(0, NONCE);
  const tag = sealed.subarray(sealed.length - TAG);
  const body = sealed.subarray(NONCE, sealed.length - TAG);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new VaultError(
      'secret failed authentication: it was altered, belongs to another row, or the master key is wrong',
      'decrypt_failed',
    );
  }
}

interface ParsedEnvelope {
  keyId: string;
  wrappedDek: Buffer;
  sealed: Buffer;
}

function parseEnvelope(envelope: string): ParsedEnvelope {
  const parts = envelope.split('.');
  if (parts.length !== 4 || parts[0] !== ENVELOPE_VERSION)
    throw new VaultError('not a vault envelope (unknown version or shape)', 'malformed');
  const [, keyId, wrapped, sealed] = parts as [string, string, string, string];
  if (!isValidKeyId(keyId)) throw new VaultError('vault envelope has an invalid master key id', 'malformed');
  return { keyId, wrappedDek: unb64(wrapped), sealed: unb64(sealed) };
}

export class Vault {
  readonly #keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  /** `keys[0]` is the current master key (used for every new write); the others can still decrypt. */
  constructor(keys: readonly MasterKey[]) {
    if (keys.length === 0) throw new VaultError('no master key configured', 'config');
    this.#keys = new Map();
    for (const { id, key } of keys) {
      if (!isValidKeyId(id)) throw new VaultError(`invalid master key id "${id}": 1–64 of A–Z a–z 0–9 _ -`, 'config');
      if (key.length !== 32) throw new VaultError(`master key "${id}" must be 32 bytes (got ${key.length})`, 'config');
      if (this.#keys.has(id)) throw new VaultError(`master key id "${id}" appears twice`, 'config');
      this.#keys.set(id, Buffer.from(key));
    }
    this.currentKeyId = keys[0]!.id;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  hasKey(id: string): boolean {
    return this.#keys.has(id);
  }

  #key(id: string): Buffer {
    const key = this.#keys.get(id);
    if (!key) throw new VaultError(`secret is encrypted under master key "${id}", which is not configured`, 'unknown_key');
    return key;
  }

  /** Encrypts under the current master key (or `keyId`, used for check values). */
  encrypt(plaintext: string, ctx: SecretContext, keyId: string = this.currentKeyId): string {
    const master = this.#key(keyId);
    const dek = random(DEK);
    try {
      const sealed = seal(dek, Buffer.from(plaintext, 'utf8'), dataAad(ctx));
      const wrapped = seal(master, dek, dekAad(keyId, ctx));
      return [ENVELOPE_VERSION, keyId, b64(wrapped), b64(sealed)].join('.');
    } finally {
      dek.fill(0);
    }
  }

  decrypt(envelope: string, ctx: SecretContext): string {
    const { keyId, wrappedDek, sealed } = parseEnvelope(envelope);
    const dek = this.#unwrap(keyId, wrappedDek, ctx);
    try {
      return open(dek, sealed, dataAad(ctx)).toString('utf8');
    } finally {
      dek.fill(0);
    }
  }

  /** The master-key id recorded in an envelope (no decryption). */
  keyIdOf(envelope: string): string {
    return parseEnvelope(envelope).keyId;
  }

  /**
   * Moves an envelope to the current master key: unwraps its DEK with the old key and wraps it
   * again (fresh nonce) with the current one. The data ciphertext is unchanged, but it is
   * authenticated first, so a damaged secret is reported here rather than carried along.
   */
  rewrap(envelope: string, ctx: SecretContext): string {
    const { keyId, wrappedDek, sealed } = parseEnvelope(envelope);
    const dek = this.#unwrap(keyId, wrappedDek, ctx);
    try {
      open(dek, sealed, dataAad(ctx)).fill(0);
      if (keyId === this.currentKeyId) return envelope;
      const wrapped = seal(this.#key(this.currentKeyId), dek, dekAad(this.currentKeyId, ctx));
      return [ENVELOPE_VERSION, this.currentKeyId, b64(wrapped), b64(sealed)].join('.');
    } finally {
      dek.fill(0);
    }
  }

  #unwrap(keyId: string, wrappedDek: Buffer, ctx: SecretContext): Buffer {
    const dek = open(this.#key(keyId), wrappedDek, dekAad(keyId, ctx));
    if (dek.length !== DEK) throw new VaultError('vault envelope holds a malformed data key', 'malformed');
    return dek;
  }

  /** Serialises to nothing useful: a vault must never end up in a log line. */
  toJSON(): unknown {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }
}
