import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes of both apps: `$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>` over the NFKC form of the
 * password (so the same password typed on another keyboard layout or OS still matches).
 *
 * Earlier hashes, `scrypt$N$r$p$<salt b64>$<hash b64>`, keep verifying: the platform made them over the
 * raw password with N=2^14, the connector over the NFKC form with N=2^15. For those both forms are tried
 * when they differ (only passwords outside plain ASCII). `needsRehash` tells a login to store a new one.
 */
const LOG_N = 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const SALT_BYTES = 16;

interface Params {
  N: number;
  r: number;
  p: number;
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
const CURRENT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;
const LEGACY = /^scrypt\$(\d{1,7})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

function derive(password: string, salt: Buffer, params: Params, keylen: number): Promise<Buffer> {
  const opts: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A new hash in the current format. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password.normalize('NFKC'), salt, { N: 2 ** LOG_N, r: R, p: P }, KEYLEN);
  return `$scrypt$ln=${LOG_N},r=${R},p=${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

interface Parsed {
  params: Params;
  salt: Buffer;
  hash: Buffer;
  legacy: boolean;
}

/** Reads a stored hash; anything malformed or with parameters no app ever wrote (a cost bomb) is null. */
function parse(stored: string): Parsed | null {
  const current = CURRENT.exec(stored);
  const legacy = current ? null : LEGACY.exec(stored);
  const m = current ?? legacy;
  if (!m) return null;
  const N = current ? 2 ** Number(m[1]) : Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  const [salt, hash] = [m[4]!, m[5]!];
  if (!Number.isInteger(Math.log2(N)) || N < 2 ** 10 || N > 2 ** 17 || r < 1 || r > 16 || p < 1 || p > 4) return null;
  if (!B64.test(salt) || !B64.test(hash)) return null;
  const parsed = { params: { N, r, p }, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64'), legacy: !current };
  return parsed.salt.length >= 8 && parsed.hash.length >= 16 && parsed.hash.length <= 64 ? parsed : null;
}

async function matches(password: string, p: Parsed): Promise<boolean> {
  const actual = await derive(password, p.salt, p.params, p.hash.length);
  return timingSafeEqual(actual, p.hash);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const nfkc = password.normalize('NFKC');
  if (await matches(nfkc, parsed)) return true;
  return parsed.legacy && nfkc !== password && matches(password, parsed);
}

/** Whether a stored hash is older than the current format or parameters (store a fresh one after a good login). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.legacy || parsed.params.N !== 2 ** LOG_N || parsed.params.r !== R || parsed.params.p !== P;
}

/** Verified against when the account does not exist, so a login's timing does not tell which accounts exist. */
export const DUMMY_HASH = `$scrypt$ln=${LOG_N},r=${R},p=${P}$${Buffer.alloc(SALT_BYTES).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;
