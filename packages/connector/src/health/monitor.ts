import type { ApiSession, CallOptions, PlatformClient } from '../client/client.ts';
import type { InstallationErrorCode } from '../client/types.ts';
import {
  type ConnectErrorClass,
  type ConnectFailure,
  ConnectionNotFoundError,
  ConnectionStateError,
  classifyPlatformError,
  type MessageContext,
} from '../connections/errors.ts';
import { inspectKey, openStoredKey } from '../connections/key-check.ts';
import type { ConnectionState } from '../connections/states.ts';
import { type ConnectionRow, type ConnectionStore, type ConnectionView, toView } from '../connections/store.ts';
import { verdictOf } from '../connections/verdict.ts';
import type { Logger } from '../util/logger.ts';
import { mapLimit } from '../util/pool.ts';
import type { Vault } from '../vault/vault.ts';
import {
  type CheckPolicy,
  type CheckResult,
  type Decision,
  decideCheck,
  decideProbe,
  decideTransient,
  decideUndecryptable,
  INTEGRATION_ERROR_CODE,
  type Now,
  type PlatformAnswer,
  type ProbeResult,
  type Report,
} from './decision.ts';

/** An app-supplied check of the integration's own side (e.g. the accounting system is reachable for this tenant). */
export type IntegrationProbe = (connection: ConnectionView) => Promise<ProbeResult>;

/** The check policy (`CheckPolicy`) defaults to: every 10 min ± 5 s, `degraded` after 3 failures counted once an hour, backoff 30 s … 1 h. */
export interface HealthMonitorOptions extends Partial<CheckPolicy> {
  store: ConnectionStore;
  vault: Vault;
  client: PlatformClient;
  requiredScopes: readonly string[];
  messages: MessageContext;
  logger?: Logger;
  /** How often the scheduler looks for due connections. Default 60 s. */
  tickMs?: number;
  /** Checks in flight at once. Default 4. */
  concurrency?: number;
  /** A scheduled check claims its connection for this long (several instances never double-check). Default 5 min. */
  leaseMs?: number;
  /** Timeout/retries for the monitor's own calls. Default: the client's. */
  call?: CallOptions;
  integrationProbe?: IntegrationProbe;
  /** Clock, for tests. */
  now?: () => number;
}

export interface CheckOutcome {
  connectionId: string;
  tenantId: string;
  result: CheckResult;
  from: ConnectionState;
  to: ConnectionState;
  errorClass?: ConnectErrorClass;
  message?: string;
}

export interface CheckAllOptions {
  concurrency?: number;
  /** Called after every check, e.g. to draw a progress bar. */
  onProgress?: (p: { done: number; total: number; outcome: CheckOutcome }) => void;
  /** Only connections whose next check is due, each claimed first (the scheduler's mode). Default false. */
  onlyDue?: boolean;
  signal?: AbortSignal;
}

export interface CheckAllSummary {
  total: number;
  checked: number;
  byResult: Partial<Record<CheckResult, number>>;
  outcomes: CheckOutcome[];
}

const PAGE = 100;

/**
 * Re-validates connections with the stored key (`GET /v1/introspect`: company and scopes), on a
 * schedule or on demand, and reports to the platform what it finds. What each answer means is
 * decided in decision.ts; this is the loop around it: which connections are due (the store's
 * queries), a lease per check so several instances never check one connection twice, bounded
 * concurrency, the platform calls and recording the decision. Every state change is a `'transition'`
 * event on `events`; a decision about a key is recorded only while the connection still holds it.
 */
export class HealthMonitor {
  readonly #o: HealthMonitorOptions;
  readonly #policy: CheckPolicy;
  readonly #store: ConnectionStore;
  readonly #tickMs: number;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #call: CallOptions;
  readonly #clock: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;

  constructor(opts: HealthMonitorOptions) {
    this.#o = opts;
    this.#store = opts.store;
    this.#policy = {
      intervalMs: opts.intervalMs ?? 600_000,
      jitterMs: opts.jitterMs ?? 5_000,
      degradedAfter: opts.degradedAfter ?? 3,
      failureWindowMs: opts.failureWindowMs ?? 3_600_000,
      backoffBaseMs: opts.backoffBaseMs ?? 30_000,
      backoffMaxMs: opts.backoffMaxMs ?? 3_600_000,
    };
    this.#tickMs = opts.tickMs ?? 60_000;
    this.#concurrency = opts.concurrency ?? 4;
    this.#leaseMs = opts.leaseMs ?? 300_000;
    this.#call = opts.call ?? {};
    this.#clock = opts.now ?? Date.now;
  }

  get events() {
    return this.#store.events;
  }

  // ── checks ──────────────────────────────────────────────────────────────────────────────

  /** Check one connection now ("Test again"), whatever its schedule; any state that holds a key. */
  async checkOne(tenantId: string, connectionId: string): Promise<CheckOutcome> {
    const row = await this.#store.get(tenantId, connectionId);
    if (!row || row.state === 'pending') throw new ConnectionNotFoundError('connection');
    return this.#check(row);
  }

  /** Check every monitored connection (or only the due ones), `concurrency` at a time. */
  async checkAll(opts: CheckAllOptions = {}): Promise<CheckAllSummary> {
    const concurrency = opts.concurrency ?? this.#concurrency;
    const dueBy = opts.onlyDue ? new Date(this.#clock()).toISOString() : undefined;
    const total = await this.#store.countMonitored(dueBy);
    const summary: CheckAllSummary = { total, checked: 0, byResult: {}, outcomes: [] };
    let after = '';
    for (;;) {
      opts.signal?.throwIfAborted();
      const rows = await this.#store.listMonitored({ dueBy, after, limit: PAGE });
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      await mapLimit(rows, concurrency, async (row) => {
        if (opts.signal?.aborted) return;
        const outcome = opts.onlyDue ? await this.#claimAndCheck(row, opts.signal) : await this.#check(row);
        summary.checked++;
        summary.byResult[outcome.result] = (summary.byResult[outcome.result] ?? 0) + 1;
        summary.outcomes.push(outcome);
        opts.onProgress?.({ done: summary.checked, total: Math.max(total, summary.checked), outcome });
      });
    }
    return summary;
  }

  /** Periodic checks in the background (one run at a time); `stop()` ends them. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = async () => {
      if (this.#stopped) return;
      this.#running = this.checkAll({ onlyDue: true }).catch((err) =>
        this.#o.logger?.error?.({ err: String(err) }, 'health check run failed'),
      );
      await this.#running;
      this.#running = undefined;
      if (!this.#stopped) this.#timer = setTimeout(tick, this.#tickMs * (0.9 + Math.random() * 0.2));
    };
    this.#timer = setTimeout(tick, Math.random() * Math.min(this.#policy.jitterMs, this.#tickMs));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  // ── integration-side failures ─────────────────────────────────────────────────────────

  /** Tell the platform the integration cannot work for this customer: `PUT … INACTIVE` + errorCode. */
  async reportIntegrationFailure(
    tenantId: string,
    connectionId: string,
    message: string,
    errorCode: InstallationErrorCode = INTEGRATION_ERROR_CODE,
  ): Promise<{ ok: true; connection: ConnectionView } | ConnectFailure> {
    const row = await this.#keyed(tenantId, connectionId);
    const res = await this.#report(row, this.#session(row), { status: 'INACTIVE', errorCode, message });
    return res.ok ? { ok: true, connection: res.view } : res.failure;
  }

  /** The integration-side failure is fixed: `PUT … ACTIVATED`. */
  async clearIntegrationFailure(
    tenantId: string,
    connectionId: string,
  ): Promise<{ ok: true; connection: ConnectionView } | ConnectFailure> {
    const row = await this.#keyed(tenantId, connectionId);
    const res = await this.#report(row, this.#session(row), {
      status: 'ACTIVATED',
      errorCode: null,
      message: 'Integration-side problem resolved',
    });
    return res.ok ? { ok: true, connection: res.view } : res.failure;
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────

  #now(): Now {
    return { now: this.#clock(), random: Math.random };
  }

  async #keyed(tenantId: string, connectionId: string): Promise<ConnectionRow> {
    const row = await this.#store.get(tenantId, connectionId);
    if (!row || row.state === 'pending') throw new ConnectionNotFoundError('connection');
    if (!row.secret) throw new ConnectionStateError(`connection is ${row.state} and holds no key`);
    return row;
  }

  #session(row: ConnectionRow): ApiSession {
    return openStoredKey(this.#o.vault, this.#o.client, row);
  }

  async #claimAndCheck(row: ConnectionRow, signal?: AbortSignal): Promise<CheckOutcome> {
    if (!(await this.#store.claimCheck(row, new Date(this.#clock() + this.#leaseMs).toISOString()))) {
      return {
        connectionId: row.id,
        tenantId: row.tenant_id,
        result: 'skipped',
        from: row.state,
        to: row.state,
        message: 'claimed elsewhere',
      };
    }
    if (this.#policy.jitterMs > 0) await sleep(Math.random() * this.#policy.jitterMs, signal);
    return this.#check((await this.#store.getById(row.id)) ?? row);
  }

  async #check(row: ConnectionRow): Promise<CheckOutcome> {
    const outcome = (d: Pick<Decision, 'result' | 'to' | 'errorClass' | 'message'>): CheckOutcome => ({
      connectionId: row.id,
      tenantId: row.tenant_id,
      from: row.state,
      result: d.result,
      to: d.to,
      ...(d.errorClass ? { errorClass: d.errorClass } : {}),
      ...(d.message !== undefined && d.result !== 'ok' ? { message: d.message } : {}),
    });
    if (!row.secret) return outcome({ result: 'skipped', to: row.state, message: 'no stored key' });

    let session: ApiSession;
    try {
      session = this.#session(row);
    } catch (err) {
      this.#o.logger?.error?.({ connectionId: row.id, err: String(err) }, 'stored key cannot be decrypted');
      const d = decideUndecryptable(this.#now());
      await this.#record(row, d);
      return outcome(d);
    }

    let answer: PlatformAnswer;
    try {
      answer = { ok: true, inspection: await inspectKey(session, this.#o.requiredScopes, this.#call) };
    } catch (err) {
      answer = { ok: false, verdict: verdictOf(err) };
    }
    let d = decideCheck(row, answer, this.#policy, this.#o.messages, this.#now());

    if (d.report) {
      const res = await this.#report(row, session, d.report);
      if (!res.ok && res.failure.errorClass !== 'invalid_key' && res.failure.errorClass !== 'missing_scopes') {
        d = decideTransient(row, res.failure, this.#policy, this.#now());
      } else if (res.ok) {
        row = (await this.#store.getById(row.id)) ?? row;
      }
    }

    if (d.result === 'ok' && this.#o.integrationProbe) {
      let probed: ProbeResult;
      try {
        probed = await this.#o.integrationProbe(toView(row));
      } catch (err) {
        probed = { ok: false, message: `integration probe failed: ${String(err)}`, persistent: false };
      }
      const next = decideProbe(row, probed, this.#policy, this.#now());
      if (next.report) await this.#report(row, session, next.report);
      if (next.decision) d = next.decision;
    }
    if (d.result === 'transient') {
      const detail = answer.ok ? undefined : answer.verdict.detail;
      this.#o.logger?.warn?.({ connectionId: row.id, errorClass: d.errorClass, detail }, 'health check failed (transient)');
    }

    await this.#record(row, d);
    return outcome(d);
  }

  /**
   * A transition when the state changes, a plain update (no event) when it does not. Guarded on the
   * state and key the check started with: a verdict on a replaced key never lands on the new one.
   */
  async #record(row: ConnectionRow, d: Decision): Promise<void> {
    const guard = { state: row.state, secret: row.secret };
    if (row.state === d.to) {
      await this.#store.update(row.tenant_id, row.id, d.patch, guard);
      return;
    }
    const moved = await this.#store.transition(row, d.to, d.event.reason, d.event.message, d.patch, guard);
    if (moved)
      this.#o.logger?.info?.({ connectionId: row.id, from: row.state, to: d.to, reason: d.event.reason }, 'connection state changed');
  }

  /** PUT /v1/installations/me and record what was reported (as an event). */
  async #report(
    row: ConnectionRow,
    session: ApiSession,
    { status, errorCode, message }: Report,
  ): Promise<{ ok: true; view: ConnectionView } | { ok: false; failure: ConnectFailure }> {
    try {
      await session.updateInstallation(errorCode ? { status, errorCode } : { status }, this.#call);
    } catch (err) {
      const f = classifyPlatformError(err, this.#o.messages);
      this.#o.logger?.warn?.(
        { connectionId: row.id, status, errorClass: f.errorClass, detail: f.detail },
        'could not report installation status',
      );
      return { ok: false, failure: f };
    }
    const reason = status === 'INACTIVE' ? 'reported_inactive' : 'reported_active';
    const reported = { reported_status: status, reported_error_code: errorCode };
    const guard = { state: row.state, secret: row.secret };
    let view = await this.#store.transition(
      row,
      row.state,
      reason,
      `${status}${errorCode ? ` (${errorCode})` : ''}: ${message}`,
      reported,
      guard,
    );
    if (!view && (await this.#store.update(row.tenant_id, row.id, reported, { secret: row.secret }))) {
      const fresh = await this.#store.getById(row.id);
      view = fresh && toView(fresh);
    }
    this.#o.logger?.info?.({ connectionId: row.id, status, errorCode }, 'installation status reported');
    return { ok: true, view: view ?? toView(row) };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
