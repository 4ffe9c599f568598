import type { InstallationErrorCode } from '../client/types.ts';
import { type ConnectErrorClass, type ConnectFailure, failure, failureFor, type MessageContext } from '../connections/errors.ts';
import type { KeyInspection } from '../connections/key-check.ts';
import type { ConnectionState } from '../connections/states.ts';
import type { ConnectionPatch, ConnectionRow } from '../connections/store.ts';
import type { Verdict } from '../connections/verdict.ts';

/**
 * The health check's policy, as pure functions: given a connection and what the platform answered,
 * what to record, which state to move to, and what to tell the platform. No I/O and no clock of its
 * own (`now` and `random` come in), so every rule can be tested on its own; `HealthMonitor` runs them.
 */

export type CheckResult =
  | 'ok'
  | 'invalid_key'
  | 'missing_scopes'
  | 'wrong_company'
  | 'transient'
  | 'integration_error'
  | 'skipped'
  | 'error';

/** The errorCode reported with `INACTIVE` when the key is alive but its scopes no longer suffice. */
export const SCOPES_ERROR_CODE: InstallationErrorCode = 'AUTH_ERROR';
export const INTEGRATION_ERROR_CODE: InstallationErrorCode = 'INTEGRATION_ERROR';

export interface CheckPolicy {
  /** How often each connection is re-validated. */
  intervalMs: number;
  /** ± spread on the next due time (and the most a scheduled check waits before it starts). */
  jitterMs: number;
  /** Counted transient failures before a connection is `degraded`. */
  degradedAfter: number;
  /** A transient failure is counted at most once per this window. */
  failureWindowMs: number;
  /** Backoff after a transient failure: base × 2^(streak−1), capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** The columns a decision reads. */
export type CheckedConnection = Pick<
  ConnectionRow,
  'state' | 'company_id' | 'reported_status' | 'reported_error_code' | 'failure_count' | 'failure_streak' | 'last_failure_counted_at'
>;

/** What the platform said about the stored key: its company and scopes, or the verdict on the failed call. */
export type PlatformAnswer =
  | { ok: true; inspection: Pick<KeyInspection, 'companyId' | 'scopes' | 'missing'> }
  | { ok: false; verdict: Verdict };

/** `PUT /v1/installations/me` with this, before the decision is recorded. */
export interface Report {
  status: 'ACTIVATED' | 'INACTIVE';
  errorCode: InstallationErrorCode | null;
  message: string;
}

export interface Decision {
  result: CheckResult;
  to: ConnectionState;
  errorClass?: ConnectErrorClass;
  /** For the customer and the outcome. */
  message?: string;
  patch: ConnectionPatch;
  /** The event recorded when `to` is a new state. */
  event: { reason: string; message: string };
  /**
   * Tell the platform first. If that fails for a reason that is not the key's (the key's own problems
   * are what is being recorded anyway), the check is a transient failure instead (`decideTransient`).
   */
  report?: Report;
}

export interface Now {
  now: number;
  /** In [0, 1): spreads due times so a fleet does not check in lockstep. */
  random: () => number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const reported = (c: CheckedConnection, code: InstallationErrorCode) => c.reported_status === 'INACTIVE' && c.reported_error_code === code;

export function nextDue(p: CheckPolicy, t: Now): string {
  return iso(t.now + p.intervalMs + (t.random() * 2 - 1) * p.jitterMs);
}

/** The verdict on one check. */
export function decideCheck(c: CheckedConnection, answer: PlatformAnswer, p: CheckPolicy, ctx: MessageContext, t: Now): Decision {
  const checkedAt = iso(t.now);
  if (!answer.ok) {
    const f = failureFor(answer.verdict, ctx);
    if (answer.verdict.kind === 'invalid_key') {
      // Recorded locally only: a dead key cannot report anything.
      return {
        result: 'invalid_key',
        to: 'needs_reconnect',
        errorClass: 'invalid_key',
        message: f.message,
        event: { reason: 'invalid_key', message: f.message },
        patch: {
          last_checked_at: checkedAt,
          last_error_class: 'invalid_key',
          last_error_message: f.message,
          failure_count: 0,
          failure_streak: 0,
          next_check_at: nextDue(p, t),
        },
      };
    }
    if (answer.verdict.kind === 'missing_scopes') return scopesLost(c, [], f.missingScopes ?? [], p, ctx, t);
    // Anything else is the platform's problem, not the key's: back off and check again.
    return decideTransient(c, f, p, t);
  }

  const { companyId, scopes, missing } = answer.inspection;
  if (companyId !== c.company_id) {
    const f = failure('wrong_company', ctx, { keyCompanyId: companyId, expectedCompanyId: c.company_id ?? undefined });
    return {
      result: 'wrong_company',
      to: 'needs_reconnect',
      errorClass: f.errorClass,
      message: f.message,
      event: { reason: 'wrong_company', message: f.message },
      patch: { last_checked_at: checkedAt, last_error_class: f.errorClass, last_error_message: f.message },
    };
  }
  if (missing.length > 0) return scopesLost(c, scopes, missing, p, ctx, t);

  return {
    result: 'ok',
    to: 'connected',
    event: { reason: 'recovered', message: 'The connection works again.' },
    patch: {
      last_checked_at: checkedAt,
      last_success_at: checkedAt,
      last_error_class: null,
      last_error_message: null,
      failure_count: 0,
      failure_streak: 0,
      last_failure_counted_at: null,
      scopes: JSON.stringify(scopes),
      next_check_at: nextDue(p, t),
    },
    // Key and scopes are fine: undo what was reported for a scope problem.
    ...(reported(c, SCOPES_ERROR_CODE)
      ? { report: { status: 'ACTIVATED' as const, errorCode: null, message: 'Permissions are sufficient again' } }
      : {}),
  };
}

/** A live key whose scopes no longer suffice: `needs_reconnect`, and `INACTIVE` + `AUTH_ERROR` reported once. */
function scopesLost(c: CheckedConnection, granted: string[], missing: string[], p: CheckPolicy, ctx: MessageContext, t: Now): Decision {
  const f = failure('missing_scopes', ctx, { missingScopes: missing });
  return {
    result: 'missing_scopes',
    to: 'needs_reconnect',
    errorClass: 'missing_scopes',
    message: f.message,
    event: { reason: 'missing_scopes', message: f.message },
    patch: {
      last_checked_at: iso(t.now),
      last_error_class: 'missing_scopes',
      last_error_message: f.message,
      failure_count: 0,
      failure_streak: 0,
      ...(granted.length ? { scopes: JSON.stringify(granted) } : {}),
      next_check_at: nextDue(p, t),
    },
    ...(reported(c, SCOPES_ERROR_CODE)
      ? {}
      : { report: { status: 'INACTIVE' as const, errorCode: SCOPES_ERROR_CODE, message: f.message } }),
  };
}

/**
 * A failure that may pass (5xx, 429, no answer): exponential backoff on the streak of failed checks;
 * counted at most once per `failureWindowMs`; a connected connection is `degraded` after
 * `degradedAfter` counted failures. The next success clears it all.
 */
export function decideTransient(c: CheckedConnection, f: ConnectFailure, p: CheckPolicy, t: Now): Decision {
  const last = c.last_failure_counted_at ? Date.parse(c.last_failure_counted_at) : undefined;
  const counted = last === undefined || t.now - last >= p.failureWindowMs;
  const count = Number(c.failure_count) + (counted ? 1 : 0);
  const streak = Number(c.failure_streak) + 1;
  const step = Math.min(p.backoffMaxMs, p.backoffBaseMs * 2 ** (streak - 1));
  const degrade = c.state === 'connected' && count >= p.degradedAfter;
  return {
    result: 'transient',
    to: degrade ? 'degraded' : c.state,
    errorClass: f.errorClass,
    message: f.message,
    event: { reason: f.errorClass, message: `${f.message} (${count} failed checks)` },
    patch: {
      last_checked_at: iso(t.now),
      last_error_class: f.errorClass,
      last_error_message: f.message,
      failure_count: count,
      failure_streak: streak,
      last_failure_counted_at: counted ? iso(t.now) : c.last_failure_counted_at,
      next_check_at: iso(t.now + step / 2 + t.random() * (step / 2)),
    },
  };
}

/** A stored key that does not decrypt (damaged, or bound to another row): only a new key helps. */
export function decideUndecryptable(t: Now): Decision {
  const message = 'The stored API Key could not be decrypted. Please paste the key again.';
  return {
    result: 'error',
    to: 'needs_reconnect',
    errorClass: 'invalid_key',
    message,
    event: { reason: 'vault_error', message },
    patch: { last_checked_at: iso(t.now), last_error_class: 'invalid_key', last_error_message: message },
  };
}

/** What the app's own probe found (its side of the integration: e.g. the accounting system for this tenant). */
export type ProbeResult = { ok: true } | { ok: false; message: string; persistent: boolean };

/**
 * After a healthy platform check. A probe that passes only undoes an earlier `INTEGRATION_ERROR`
 * report (and the healthy decision stands); one that fails replaces the decision, reporting a
 * persistent failure once. Reports here are best effort.
 */
export function decideProbe(c: CheckedConnection, res: ProbeResult, p: CheckPolicy, t: Now): { report?: Report; decision?: Decision } {
  if (res.ok) {
    return reported(c, INTEGRATION_ERROR_CODE)
      ? { report: { status: 'ACTIVATED', errorCode: null, message: 'Integration-side problem resolved' } }
      : {};
  }
  return {
    ...(res.persistent && !reported(c, INTEGRATION_ERROR_CODE)
      ? { report: { status: 'INACTIVE' as const, errorCode: INTEGRATION_ERROR_CODE, message: res.message } }
      : {}),
    decision: {
      result: 'integration_error',
      to: c.state,
      message: res.message,
      event: { reason: 'integration_error', message: res.message },
      patch: { last_checked_at: iso(t.now), last_error_message: res.message, next_check_at: nextDue(p, t) },
    },
  };
}
