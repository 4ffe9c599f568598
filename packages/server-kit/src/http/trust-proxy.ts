import { isIP } from 'node:net';

/**
 * Which proxies may tell us the client's address (X-Forwarded-For): none (`false`), the nearest `n` hops,
 * or the proxies at these addresses / CIDR ranges. Never "every hop": a client could then name any
 * address it likes and walk around every per-client limit.
 */
export type TrustProxy = false | number | string[];

/**
 * Reads a trust-proxy setting (e.g. LATCHKEY_TRUST_PROXY): empty or `0` trusts none, a whole number the
 * nearest that many hops (`1`: one reverse proxy in front), else a comma-separated list of IP addresses or
 * CIDR ranges. Anything else is an error naming `name`, at start.
 */
export function parseTrustProxy(value: string | undefined, name: string): TrustProxy {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 32) throw new Error(`${name} must be a hop count from 0 to 32 or a list of proxy addresses/CIDR ranges, got "${raw}"`);
    return hops;
  }
  const entries = raw.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new Error(
        `${name} must be a hop count (e.g. 1) or a comma-separated list of proxy IP addresses or CIDR ranges (e.g. 10.0.0.0/8,192.0.2.7); "${entry}" is neither`,
      );
    }
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length || !address) return false;
  const family = isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
