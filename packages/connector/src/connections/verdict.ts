import { SCOPES } from '@latchkey/keys';
import { PlatformHttpError, PlatformNetworkError, PlatformProtocolError, PlatformTimeoutError } from '../client/errors.ts';

/**
 * What a failed platform call says, decided here once for the connect flow, the health monitor and
 * the export worker:
 * - `invalid_key` — the key is dead: 401, or 404 from the key's own installation (`/v1/installations/me…`,
 *   `/v1/introspect`), which is the platform saying "no installation for this key";
 * - `missing_scopes` — 403: the key may not do this (the scopes the message names);
 * - `rate_limited` — 429, with `Retry-After` when sent;
 * - `not_found` — 404 from any other route: what was asked for is gone or another company's. It says
 *   nothing about the key, and retrying will not bring it back;
 * - `refused` — any other 4xx: the platform refused this request (a job that is no longer pending, …);
 * - `platform_unavailable` — 5xx, no answer, a timeout, an unreadable answer: try again later.
 */
export type VerdictKind = 'invalid_key' | 'missing_scopes' | 'rate_limited' | 'not_found' | 'refused' | 'platform_unavailable';

export interface Verdict {
  kind: VerdictKind;
  /** Technical detail for logs and operators (never the key). */
  detail: string;
  /** The HTTP status, when the platform answered. */
  status?: number;
  /** `missing_scopes`: the scopes the platform's message names (may be empty). */
  missingScopes?: string[];
  /** `rate_limited`: seconds from `Retry-After`. */
  retryAfterSeconds?: number;
}

/** Routes whose 404 means the key has no installation. */
const INSTALLATION_ROUTE = /^\/v1\/(installations\/me(?=$|[:/])|introspect$)/;

/**
 * The verdict on a platform client error. Anything that is not one (a bug, a vault failure) is
 * rethrown: verdicts are about the key and the platform, not about our code.
 */
export function verdictOf(err: unknown): Verdict {
  if (err instanceof PlatformHttpError) {
    const status = err.status;
    const detail = `${status} ${err.type}: ${err.detail}`;
    if (status === 401) return { kind: 'invalid_key', status, detail };
    if (status === 404 && INSTALLATION_ROUTE.test(err.path))
      return { kind: 'invalid_key', status, detail: `${detail} (no installation for this key)` };
    if (status === 404) return { kind: 'not_found', status, detail };
    if (status === 403) return { kind: 'missing_scopes', status, detail, missingScopes: scopesNamedIn(err.detail) };
    if (status === 429) return { kind: 'rate_limited', status, detail, retryAfterSeconds: err.retryAfterSeconds };
    if (status >= 400 && status < 500) return { kind: 'refused', status, detail };
    return { kind: 'platform_unavailable', status, detail };
  }
  if (err instanceof PlatformTimeoutError) return { kind: 'platform_unavailable', detail: `no answer within ${err.timeoutMs} ms` };
  if (err instanceof PlatformNetworkError) return { kind: 'platform_unavailable', detail: `network error ${err.code}` };
  if (err instanceof PlatformProtocolError) return { kind: 'platform_unavailable', detail: err.message };
  throw err;
}

/** Would the same call plausibly succeed later? */
export const isTransientVerdict = (v: Verdict): boolean => v.kind === 'platform_unavailable' || v.kind === 'rate_limited';

const SCOPE_IN_TEXT = new RegExp(`(?<![a-z-])(${SCOPES.map((s) => s.replace(/[-:]/g, (c) => `\\${c}`)).join('|')})(?![a-z-])`, 'g');

/** Scope names mentioned in a 403 message ("missing scope export-jobs:write"). */
export function scopesNamedIn(text: string): string[] {
  return [...new Set(text.match(SCOPE_IN_TEXT) ?? [])];
}
