import { describe, expect, it } from 'vitest';
import { failure } from '../connections/errors.ts';
import type { Verdict } from '../connections/verdict.ts';
import {
  type CheckedConnection,
  type CheckPolicy,
  decideCheck,
  decideProbe,
  decideTransient,
  decideUndecryptable,
  nextDue,
  type PlatformAnswer,
} from './decision.ts';

const ctx = { platformName: 'Pleo' };
const policy: CheckPolicy = {
  intervalMs: 600_000,
  jitterMs: 0,
  degradedAfter: 3,
  failureWindowMs: 3_600_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
};
const T0 = Date.parse('2025-06-01T12:00:00Z');
const at = (now: number, random = 0.5) => ({ now, random: () => random });
const iso = (ms: number) => new Date(ms).toISOString();
const COMPANY = '11111111-1111-4111-8111-111111111111';

const conn = (over: Partial<CheckedConnection> = {}): CheckedConnection => ({
  state: 'connected',
  company_id: COMPANY,
  reported_status: 'ACTIVATED',
  reported_error_code: null,
  failure_count: 0,
  failure_streak: 0,
  last_failure_counted_at: null,
  ...over,
});
const answer = (missing: string[] = [], companyId: string | undefined = COMPANY): PlatformAnswer => ({
  ok: true,
  inspection: { companyId, scopes: ['export-jobs:read'], missing },
});
const failed = (kind: Verdict['kind'], extra: Partial<Verdict> = {}) => ({ ok: false, verdict: { kind, detail: kind, ...extra } }) as const;

describe('health check decisions', () => {
  it('healthy: connected, counters cleared, next check one interval on', () => {
    const d = decideCheck(conn({ state: 'degraded', failure_count: 2, failure_streak: 5 }), answer(), policy, ctx, at(T0));
    expect(d).toMatchObject({ result: 'ok', to: 'connected', event: { reason: 'recovered' } });
    expect(d.patch).toMatchObject({ failure_count: 0, failure_streak: 0, last_error_class: null, last_success_at: iso(T0) });
    expect(d.patch.next_check_at).toBe(iso(T0 + 600_000));
    expect(d.report).toBeUndefined();
  });

  it('healthy after a reported scope problem: report ACTIVATED', () => {
    const d = decideCheck(
      conn({ state: 'needs_reconnect', reported_status: 'INACTIVE', reported_error_code: 'AUTH_ERROR' }),
      answer(),
      policy,
      ctx,
      at(T0),
    );
    expect(d).toMatchObject({ result: 'ok', to: 'connected', report: { status: 'ACTIVATED', errorCode: null } });
  });

  it('a dead key: needs_reconnect, recorded locally only (nothing to report with it)', () => {
    const d = decideCheck(conn(), failed('invalid_key'), policy, ctx, at(T0));
    expect(d).toMatchObject({ result: 'invalid_key', to: 'needs_reconnect', errorClass: 'invalid_key' });
    expect(d.report).toBeUndefined();
  });

  it('scopes that no longer suffice: needs_reconnect, INACTIVE + AUTH_ERROR reported once', () => {
    const d = decideCheck(conn(), answer(['export-jobs:write']), policy, ctx, at(T0));
    expect(d).toMatchObject({ result: 'missing_scopes', to: 'needs_reconnect', report: { status: 'INACTIVE', errorCode: 'AUTH_ERROR' } });
    expect(d.message).toContain('export-jobs:write');
    const again = decideCheck(
      conn({ state: 'needs_reconnect', reported_status: 'INACTIVE', reported_error_code: 'AUTH_ERROR' }),
      answer(['export-jobs:write']),
      policy,
      ctx,
      at(T0),
    );
    expect(again.report).toBeUndefined();
    // A 403 names the scope in its message: the same decision.
    expect(decideCheck(conn(), failed('missing_scopes', { missingScopes: ['export-items:read'] }), policy, ctx, at(T0))).toMatchObject({
      result: 'missing_scopes',
      message: expect.stringContaining('export-items:read'),
    });
  });

  it('a key of another company: needs_reconnect (wrong_company)', () => {
    const d = decideCheck(conn(), answer([], '22222222-2222-4222-8222-222222222222'), policy, ctx, at(T0));
    expect(d).toMatchObject({ result: 'wrong_company', to: 'needs_reconnect', errorClass: 'wrong_company' });
  });

  it('platform trouble of any other kind is transient, never a verdict on the key', () => {
    for (const kind of ['platform_unavailable', 'rate_limited', 'not_found', 'refused'] as const)
      expect(decideCheck(conn(), failed(kind), policy, ctx, at(T0)), kind).toMatchObject({ result: 'transient', to: 'connected' });
  });

  it('transient: counted once per window, backoff doubles with the streak (capped), degraded after N counted failures', () => {
    const f = failure('platform_unavailable', ctx);
    let c = conn();
    const steps: { count: unknown; streak: unknown; wait: number; to: string }[] = [];
    // Failures at T0, +1 min (same window), +1 h, +2 h.
    for (const now of [T0, T0 + 60_000, T0 + 3_660_000, T0 + 7_260_000]) {
      const d = decideTransient(c, f, policy, at(now, 0));
      steps.push({
        count: d.patch.failure_count,
        streak: d.patch.failure_streak,
        wait: Date.parse(d.patch.next_check_at as string) - now,
        to: d.to,
      });
      c = { ...c, ...(d.patch as Partial<CheckedConnection>), state: d.to };
    }
    expect(steps).toEqual([
      { count: 1, streak: 1, wait: 15_000, to: 'connected' },
      { count: 1, streak: 2, wait: 30_000, to: 'connected' },
      { count: 2, streak: 3, wait: 60_000, to: 'connected' },
      { count: 3, streak: 4, wait: 120_000, to: 'degraded' },
    ]);
    const long = decideTransient(conn({ failure_streak: 40 }), f, policy, at(T0, 0.999));
    expect(Date.parse(long.patch.next_check_at as string) - T0).toBeLessThanOrEqual(3_600_000);
    // Only a connected connection degrades; one that needs a new key stays as it is.
    expect(decideTransient(conn({ state: 'needs_reconnect', failure_count: 9 }), f, policy, at(T0)).to).toBe('needs_reconnect');
  });

  it('an undecryptable stored key needs a new key', () => {
    expect(decideUndecryptable(at(T0))).toMatchObject({ result: 'error', to: 'needs_reconnect', event: { reason: 'vault_error' } });
  });

  it("the app's probe: a persistent failure is reported once, a pass undoes the report", () => {
    const fail = { ok: false, message: 'ERP down', persistent: true } as const;
    expect(decideProbe(conn(), fail, policy, at(T0))).toMatchObject({
      report: { status: 'INACTIVE', errorCode: 'INTEGRATION_ERROR' },
      decision: { result: 'integration_error', to: 'connected', message: 'ERP down' },
    });
    const reported = conn({ reported_status: 'INACTIVE', reported_error_code: 'INTEGRATION_ERROR' });
    expect(decideProbe(reported, fail, policy, at(T0)).report).toBeUndefined();
    expect(decideProbe(conn(), { ...fail, persistent: false }, policy, at(T0)).report).toBeUndefined();
    expect(decideProbe(reported, { ok: true }, policy, at(T0))).toEqual({
      report: { status: 'ACTIVATED', errorCode: null, message: expect.any(String) },
    });
    expect(decideProbe(conn(), { ok: true }, policy, at(T0))).toEqual({});
  });

  it('spreads due times by ± jitter', () => {
    const p = { ...policy, jitterMs: 5_000 };
    expect(nextDue(p, at(T0, 0))).toBe(iso(T0 + 600_000 - 5_000));
    expect(nextDue(p, at(T0, 0.5))).toBe(iso(T0 + 600_000));
  });
});
