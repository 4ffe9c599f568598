import { missingScopes } from '@latchkey/keys';
import type { Kysely } from 'kysely';
import { type ApiSession, type CallOptions, companyIdFromUrn, type PlatformClient, scopesOf } from '../client/client.ts';
import type { InstallationErrorCode } from '../client/types.ts';
import {
  type ConnectErrorClass,
  type ConnectFailure,
  ConnectionNotFoundError,
  ConnectionStateError,
  classifyPlatformError,
  failure,
  failureFor,
  type MessageContext,
} from '../connections/errors.ts';
import { type ConnectionState, LIVE_STATES } from '../connections/states.ts';
import { type ConnectionPatch, type ConnectionRow, type ConnectionStore, type ConnectionView, toView } from '../connections/store.ts';
import { isTransientVerdict, verdictOf } from '../connections/verdict.ts';
import type { ConnectorDB } from '../db/schema.ts';
import type { Logger } from '../util/logger.ts';
import { mapLimit } from '../util/pool.ts';
import type { Vault } from '../vault/vault.ts';

/** An app-supplied check of the integration's own side (e.g. the accounting system is reachable for this tenant). */
export type IntegrationProbe = (connection: ConnectionView) => Promise<{ ok: true } | { ok: false; message: string; persistent: boolean }>;

export interface HealthMonitorOptions {
  store: ConnectionStore;
  vault: Vault;
  client: PlatformClient;
  requiredScopes: readonly string[];
  messages: MessageContext;
  logger?: Logger;
  /** How often each connection is re-validated. Default 10 min. */
  intervalMs?: number;
  /** How often the scheduler looks for due connections. Default 60 s. */
  tickMs?: number;
  /** Checks in flight at once. Default 4. */
  concurrency?: number;
  /** Random delay before each scheduled check, and ± spread on the next due time. Default 5 s. */
  jitterMs?: number;
  /** Counted transient failures before a connection is `degraded`. Default 3. */
  degradedAfter?: number;
  /** A transient failure is counted at most once per this window. Default 1 h. */
  failureWindowMs?: number;
  /** Backoff after a transient failure: base × 2^(streak−1), capped. Default 30 s … 1 h. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A scheduled check claims its connection for this long (several instances never double-check). Default 5 min. */
  leaseMs?: number;
  /** Timeout/retries for the monitor's own calls. Default: the client's. */
  call?: CallOptions;
  integrationProbe?: IntegrationProbe;
  /** Clock, for tests. */
  now?: () => number;
}

export type CheckResult =
  | 'ok'
  | 'invalid_key'
  | 'missing_scopes'
  | 'wrong_company'
  | 'transient'
  | 'integration_error'
  | 'skipped'
  | 'error';

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

/** The errorCode reported with `INACTIVE` when the key is alive but its scopes no longer suffice. */
export const SCOPES_ERROR_CODE: InstallationErrorCode = 'AUTH_ERROR';
export const INTEGRATION_ERROR_CODE: InstallationErrorCode = 'INTEGRATION_ERROR';

const PAGE = 100;

/**
 * Re-validates connections with `GET /v1/introspect` (company, scopes) using the stored key.
 * - 401 (or 404: no installation) → `needs_reconnect`, recorded locally only (a dead key cannot report).
 * - live key, scopes no longer sufficient → `needs_reconnect` and `PUT /v1/installations/me`
 *   `INACTIVE` + `AUTH_ERROR`; back to `ACTIVATED` once the scopes suffice again.
 * - persistent integration-side failure (the app's probe, or `reportIntegrationFailure`) →
 *   `INACTIVE` + `INTEGRATION_ERROR`; `ACTIVATED` again when it clears.
 * - transient failures (5xx, 429, network, timeout) → exponential backoff; counted at most once per
 *   hour; `degraded` after `degradedAfter` counted failures; all cleared on the next success.
 * Every state change is a `'transition'` event on `events`.
 */
export class HealthMonitor {
  readonly #o: Required<Omit<HealthMonitorOptions, 'logger' | 'integrationProbe' | 'now'>> &
    Pick<HealthMonitorOptions, 'logger' | 'integrationProbe'>;
  readonly #now: () => number;
  readonly #db: Kysely<ConnectorDB>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;

  constructor(opts: HealthMonitorOptions) {
    this.#o = {
      intervalMs: 600_000,
      tickMs: 60_000,
      concurrency: 4,
      jitterMs: 5_000,
      degradedAfter: 3,
      failureWindowMs: 3_600_000,
      backoffBaseMs: 30_000,
      backoffMaxMs: 3_600_000,
      leaseMs: 300_000,
      call: {},
      ...opts,
    };
    this.#now = opts.now ?? Date.now;
    this.#db = opts.store.db;
  }

  get events() {
    return this.#o.store.events;
  }

  // ── checks ──────────────────────────────────────────────────────────────────────────────

  /** Check one connection now ("Test again"), whatever its schedule; any state that holds a key. */
  async checkOne(tenantId: string, connectionId: string): Promise<CheckOutcome> {
    const row = await this.#o.store.get(tenantId, connectionId);
    if (!row || row.state === 'pending') throw new ConnectionNotFoundError('connection');
    return this.#check(row);
  }

  /** Check every monitored connection (or only the due ones), `concurrency` at a time. */
  async checkAll(opts: CheckAllOptions = {}): Promise<CheckAllSummary> {
    const concurrency = opts.concurrency ?? this.#o.concurrency;
    const nowIso = new Date(this.#now()).toISOString();
    const base = () => {
      let q = this.#db
        .selectFrom('connections')
        .where('secret', 'is not', null)
        .where('state', 'in', LIVE_STATES)
        .where((eb) => eb.or([eb('state', '!=', 'needs_reconnect'), eb('last_error_class', '=', 'missing_scopes')]));
      if (opts.onlyDue) q = q.where((eb) => eb.or([eb('next_check_at', 'is', null), eb('next_check_at', '<=', nowIso)]));
      return q;
    };
    const { n } = await base()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    const total = Number(n);
    const summary: CheckAllSummary = { total, checked: 0, byResult: {}, outcomes: [] };
    let after = '';
    for (;;) {
      opts.signal?.throwIfAborted();
      const rows = await base().selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      await mapLimit(rows, concurrency, async (row) => {
        if (opts.signal?.aborted) return;
        let outcome: CheckOutcome;
        if (opts.onlyDue) {
          if (!(await this.#claim(row))) {
            outcome = {
              connectionId: row.id,
              tenantId: row.tenant_id,
              result: 'skipped',
              from: row.state,
              to: row.state,
              message: 'claimed elsewhere',
            };
          } else {
            if (this.#o.jitterMs > 0) await sleep(Math.random() * this.#o.jitterMs, opts.signal);
            outcome = await this.#check((await this.#o.store.getById(row.id)) ?? row);
          }
        } else {
          outcome = await this.#check(row);
        }
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
      if (!this.#stopped) this.#timer = setTimeout(tick, this.#o.tickMs * (0.9 + Math.random() * 0.2));
    };
    this.#timer = setTimeout(tick, Math.random() * Math.min(this.#o.jitterMs, this.#o.tickMs));
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
    const res = await this.#report(row, this.#session(row), 'INACTIVE', errorCode, message);
    return res.ok ? { ok: true, connection: res.view } : res.failure;
  }

  /** The integration-side failure is fixed: `PUT … ACTIVATED`. */
  async clearIntegrationFailure(
    tenantId: string,
    connectionId: string,
  ): Promise<{ ok: true; connection: ConnectionView } | ConnectFailure> {
    const row = await this.#keyed(tenantId, connectionId);
    const res = await this.#report(row, this.#session(row), 'ACTIVATED', null, 'Integration-side problem resolved');
    return res.ok ? { ok: true, connection: res.view } : res.failure;
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────

  async #keyed(tenantId: string, connectionId: string): Promise<ConnectionRow> {
    const row = await this.#o.store.get(tenantId, connectionId);
    if (!row || row.state === 'pending') throw new ConnectionNotFoundError('connection');
    if (!row.secret) throw new ConnectionStateError(`connection is ${row.state} and holds no key`);
    return row;
  }

  #session(row: ConnectionRow): ApiSession {
    return this.#o.client.withKey(this.#o.vault.decrypt(row.secret!, { tenantId: row.tenant_id, connectionId: row.id }));
  }

  async #claim(row: ConnectionRow): Promise<boolean> {
    let q = this.#db
      .updateTable('connections')
      .set({ next_check_at: new Date(this.#now() + this.#o.leaseMs).toISOString() })
      .where('id', '=', row.id);
    q = row.next_check_at === null ? q.where('next_check_at', 'is', null) : q.where('next_check_at', '=', row.next_check_at);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  #nextDue(): string {
    const spread = (Math.random() * 2 - 1) * this.#o.jitterMs;
    return new Date(this.#now() + this.#o.intervalMs + spread).toISOString();
  }

  async #check(row: ConnectionRow): Promise<CheckOutcome> {
    const base = { connectionId: row.id, tenantId: row.tenant_id, from: row.state };
    if (!row.secret) return { ...base, result: 'skipped', to: row.state, message: 'no stored key' };
    const nowIso = new Date(this.#now()).toISOString();
    let session: ApiSession;
    try {
      session = this.#session(row);
    } catch (err) {
      this.#o.logger?.error?.({ connectionId: row.id, err: String(err) }, 'stored key cannot be decrypted');
      const message = 'The stored API Key could not be decrypted. Please paste the key again.';
      await this.#move(row, 'needs_reconnect', 'vault_error', message, {
        last_checked_at: nowIso,
        last_error_class: 'invalid_key',
        last_error_message: message,
      });
      return { ...base, result: 'error', to: 'needs_reconnect', errorClass: 'invalid_key', message };
    }

    try {
      // One call per check: introspect names the company (subjectURN) and the scopes. Only a platform
      // that leaves subjectURN out (it is optional in Pleo's schema) costs a second call.
      const introspection = await session.introspect(this.#o.call);
      const companyId = companyIdFromUrn(introspection.subjectURN ?? (await session.getInstallation(this.#o.call)).resource);
      if (companyId !== row.company_id) {
        const f = failure('wrong_company', this.#o.messages, { keyCompanyId: companyId, expectedCompanyId: row.company_id ?? undefined });
        await this.#move(row, 'needs_reconnect', 'wrong_company', f.message, {
          last_checked_at: nowIso,
          last_error_class: f.errorClass,
          last_error_message: f.message,
        });
        return { ...base, result: 'wrong_company', to: 'needs_reconnect', errorClass: f.errorClass, message: f.message };
      }
      const scopes = scopesOf(introspection);
      const missing = missingScopes(scopes, this.#o.requiredScopes);
      if (missing.length > 0) return await this.#scopesLost(row, session, scopes, missing, nowIso);

      // Key and scopes are fine: undo what we reported for a scope problem.
      if (row.reported_status === 'INACTIVE' && row.reported_error_code === SCOPES_ERROR_CODE) {
        const res = await this.#report(row, session, 'ACTIVATED', null, 'Permissions are sufficient again');
        if (!res.ok) return this.#transient(row, res.failure, nowIso);
        row = (await this.#o.store.getById(row.id)) ?? row;
      }
      const probe = await this.#probe(row, session);
      if (probe) return { ...base, ...probe };

      const patch: ConnectionPatch = {
        last_checked_at: nowIso,
        last_success_at: nowIso,
        last_error_class: null,
        last_error_message: null,
        failure_count: 0,
        failure_streak: 0,
        last_failure_counted_at: null,
        scopes: JSON.stringify(scopes),
        next_check_at: this.#nextDue(),
      };
      if (row.state !== 'connected') {
        await this.#move(row, 'connected', 'recovered', 'The connection works again.', patch);
      } else {
        await this.#o.store.update(row.tenant_id, row.id, patch, { secret: row.secret });
      }
      return { ...base, result: 'ok', to: 'connected' };
    } catch (err) {
      const verdict = verdictOf(err);
      const f = failureFor(verdict, this.#o.messages);
      if (verdict.kind === 'invalid_key') {
        await this.#move(row, 'needs_reconnect', 'invalid_key', f.message, {
          last_checked_at: nowIso,
          last_error_class: 'invalid_key',
          last_error_message: f.message,
          failure_count: 0,
          failure_streak: 0,
          next_check_at: this.#nextDue(),
        });
        return { ...base, result: 'invalid_key', to: 'needs_reconnect', errorClass: 'invalid_key', message: f.message };
      }
      if (verdict.kind === 'missing_scopes') return this.#scopesLost(row, session, [], f.missingScopes ?? [], nowIso);
      // Anything else is the platform's problem, not the key's: back off and check again.
      if (!isTransientVerdict(verdict))
        this.#o.logger?.warn?.({ connectionId: row.id, detail: verdict.detail }, 'unexpected answer to a health check');
      return this.#transient(row, f, nowIso);
    }
  }

  async #scopesLost(row: ConnectionRow, session: ApiSession, granted: string[], missing: string[], nowIso: string): Promise<CheckOutcome> {
    const base = { connectionId: row.id, tenantId: row.tenant_id, from: row.state };
    const f = failure('missing_scopes', this.#o.messages, { missingScopes: missing });
    if (!(row.reported_status === 'INACTIVE' && row.reported_error_code === SCOPES_ERROR_CODE)) {
      const res = await this.#report(row, session, 'INACTIVE', SCOPES_ERROR_CODE, f.message);
      if (!res.ok && res.failure.errorClass !== 'missing_scopes' && res.failure.errorClass !== 'invalid_key')
        return this.#transient(row, res.failure, nowIso);
      row = (await this.#o.store.getById(row.id)) ?? row;
    }
    await this.#move(row, 'needs_reconnect', 'missing_scopes', f.message, {
      last_checked_at: nowIso,
      last_error_class: 'missing_scopes',
      last_error_message: f.message,
      failure_count: 0,
      failure_streak: 0,
      ...(granted.length ? { scopes: JSON.stringify(granted) } : {}),
      next_check_at: this.#nextDue(),
    });
    return { ...base, result: 'missing_scopes', to: 'needs_reconnect', errorClass: 'missing_scopes', message: f.message };
  }

  async #probe(row: ConnectionRow, session: ApiSession): Promise<Omit<CheckOutcome, 'connectionId' | 'tenantId' | 'from'> | undefined> {
    if (!this.#o.integrationProbe) return undefined;
    let res: Awaited<ReturnType<IntegrationProbe>>;
    try {
      res = await this.#o.integrationProbe(toView(row));
    } catch (err) {
      res = { ok: false, message: `integration probe failed: ${String(err)}`, persistent: false };
    }
    if (res.ok) {
      if (row.reported_status === 'INACTIVE' && row.reported_error_code === INTEGRATION_ERROR_CODE) {
        await this.#report(row, session, 'ACTIVATED', null, 'Integration-side problem resolved');
      }
      return undefined;
    }
    if (res.persistent && !(row.reported_status === 'INACTIVE' && row.reported_error_code === INTEGRATION_ERROR_CODE)) {
      await this.#report(row, session, 'INACTIVE', INTEGRATION_ERROR_CODE, res.message);
    }
    await this.#o.store.update(
      row.tenant_id,
      row.id,
      { last_checked_at: new Date(this.#now()).toISOString(), last_error_message: res.message, next_check_at: this.#nextDue() },
      { secret: row.secret },
    );
    return { result: 'integration_error', to: row.state, message: res.message };
  }

  /** PUT /v1/installations/me and record what was reported (as an event). */
  async #report(
    row: ConnectionRow,
    session: ApiSession,
    status: 'ACTIVATED' | 'INACTIVE',
    errorCode: InstallationErrorCode | null,
    message: string,
  ): Promise<{ ok: true; view: ConnectionView } | { ok: false; failure: ConnectFailure }> {
    try {
      await session.updateInstallation(errorCode ? { status, errorCode } : { status }, this.#o.call);
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
    let view = await this.#o.store.transition(
      row,
      row.state,
      reason,
      `${status}${errorCode ? ` (${errorCode})` : ''}: ${message}`,
      reported,
      {
        state: row.state,
        secret: row.secret,
      },
    );
    if (!view && (await this.#o.store.update(row.tenant_id, row.id, reported, { secret: row.secret }))) {
      const fresh = await this.#o.store.getById(row.id);
      view = fresh && toView(fresh);
    }
    this.#o.logger?.info?.({ connectionId: row.id, status, errorCode }, 'installation status reported');
    return { ok: true, view: view ?? toView(row) };
  }

  async #transient(row: ConnectionRow, f: ConnectFailure, nowIso: string): Promise<CheckOutcome> {
    const now = this.#now();
    const last = row.last_failure_counted_at ? Date.parse(row.last_failure_counted_at) : undefined;
    const counted = last === undefined || now - last >= this.#o.failureWindowMs;
    const count = Number(row.failure_count) + (counted ? 1 : 0);
    const streak = Number(row.failure_streak) + 1;
    const step = Math.min(this.#o.backoffMaxMs, this.#o.backoffBaseMs * 2 ** (streak - 1));
    const patch: ConnectionPatch = {
      last_checked_at: nowIso,
      last_error_class: f.errorClass,
      last_error_message: f.message,
      failure_count: count,
      failure_streak: streak,
      last_failure_counted_at: counted ? nowIso : row.last_failure_counted_at,
      next_check_at: new Date(now + step / 2 + Math.random() * (step / 2)).toISOString(),
    };
    const base = {
      connectionId: row.id,
      tenantId: row.tenant_id,
      from: row.state,
      result: 'transient' as const,
      errorClass: f.errorClass,
      message: f.message,
    };
    if (row.state === 'connected' && count >= this.#o.degradedAfter) {
      await this.#move(row, 'degraded', f.errorClass, `${f.message} (${count} failed checks)`, patch);
      return { ...base, to: 'degraded' };
    }
    await this.#o.store.update(row.tenant_id, row.id, patch, { secret: row.secret });
    this.#o.logger?.warn?.(
      { connectionId: row.id, errorClass: f.errorClass, detail: f.detail, count, streak },
      'health check failed (transient)',
    );
    return { ...base, to: row.state };
  }

  /**
   * Transition when the state changes; a plain update (no event) when it does not. Guarded on the
   * state and key the check started with: a verdict on a replaced key never lands on the new one.
   */
  async #move(row: ConnectionRow, to: ConnectionState, reason: string, message: string, patch: ConnectionPatch): Promise<void> {
    const guard = { state: row.state, secret: row.secret };
    if (row.state === to) {
      await this.#o.store.update(row.tenant_id, row.id, patch, guard);
      return;
    }
    const moved = await this.#o.store.transition(row, to, reason, message, patch, guard);
    if (moved) this.#o.logger?.info?.({ connectionId: row.id, from: row.state, to, reason }, 'connection state changed');
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
