import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where partner-supplied URLs may point. By default only https to public unicast addresses; a deployment
 * that opts in (`LATCHKEY_WEBHOOK_ALLOW_PRIVATE=1`, as `latchkey dev` does for its connector on 127.0.0.1)
 * also allows plain http and loopback, private (RFC 1918), CGNAT and unique-local targets. Link-local
 * (169.254.0.0/16, where cloud metadata lives), cloud metadata addresses elsewhere, multicast, unspecified
 * (0.0.0.0/8, ::) and reserved ranges are never allowed.
 */
export interface TargetPolicy {
  allowPrivate: boolean;
}

/** Resolves a host name to every address (tests inject their own). */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, list) => (err ? reject(err) : resolve(list))));

const PRIVATE_V4 = new Set(['loopback', 'private', 'carrierGradeNat']);
/** Metadata services outside link-local (AWS over IPv6, Alibaba Cloud): refused even when private targets are allowed. */
const METADATA = new Set(['fd00:ec2::254', '100.100.100.200']);
const PRIVATE_V6 = new Set(['loopback', 'uniqueLocal']);
/** Global unicast IPv6 is 2000::/3; everything else (IPv4-compatible ::/96, discard, …) is not a partner's server. */
const GLOBAL_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/** Whether a connection to this IP address (any spelling Node accepts, IPv4-mapped IPv6 included) is allowed. */
export function addressAllowed(address: string, policy: TargetPolicy): boolean {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address.replace(/^\[|\]$/g, '')); // ::ffff:a.b.c.d becomes a.b.c.d
  } catch {
    return false;
  }
  if (METADATA.has(ip.toNormalizedString()) || METADATA.has(ip.toString())) return false;
  const range = ip.range();
  if (ip.kind() === 'ipv4') return range === 'unicast' || (policy.allowPrivate && PRIVATE_V4.has(range));
  if (range === 'unicast') return (ip as ipaddr.IPv6).match(GLOBAL_V6);
  return policy.allowPrivate && PRIVATE_V6.has(range);
}

/** Why an outbound call was not made; its `reason` is what a partner is told. */
export class TargetRefused extends Error {
  readonly code = 'ADDRESS_NOT_ALLOWED';
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/**
 * Checks what can be checked without DNS: scheme, credentials in the URL, and an IP-literal host (the
 * WHATWG parser has already turned `2130706433`, `0x7f.1` and `127.1` into `127.0.0.1`). Returns the
 * refusal, or null.
 */
export function urlProblem(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
    return policy.allowPrivate ? 'must be an http(s) URL' : 'must be an https URL';
  }
  if (url.username || url.password) return 'must not contain a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !addressAllowed(host, policy)) return 'must point at a public address';
  return null;
}

/**
 * A `lookup` for `http(s).request`: resolves once, refuses the host when any answer is not allowed, and
 * hands the socket exactly the vetted addresses, so no second DNS answer can change where it connects.
 * (IP-literal hosts never reach a lookup: `urlProblem` vets them.)
 */
export function vettedLookup(policy: TargetPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (host, options, callback) => {
    resolve(host).then(
      (answers) => {
        const refused = answers.find((a) => !addressAllowed(a.address, policy));
        if (answers.length === 0 || refused) {
          callback(new TargetRefused(`${host} resolves to an address that is not allowed`), '', 0);
          return;
        }
        const family = typeof options.family === 'number' ? options.family : 0;
        const usable = family ? answers.filter((a) => a.family === family) : answers;
        if (options.all) callback(null, usable);
        else if (usable[0]) callback(null, usable[0].address, usable[0].family);
        else callback(Object.assign(new Error(`${host} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}
