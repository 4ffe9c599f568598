import { EventEmitter } from 'node:events';
import { maskKeys } from '@latchkey/keys';
import type { Kysely, Selectable, Updateable, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { ConnectionsTable, ConnectorDB } from '../db/schema.ts';
import { nowIso, uuidv7 } from '../util/ids.ts';
import { IllegalMoveError } from './errors.ts';
import { type ConnectionState, canMove, LIVE_STATES } from './states.ts';

export type ConnectionRow = Selectable<ConnectionsTable>;
export type ConnectionPatch = Updateable<ConnectionsTable>;

/** What the app, its API and its pages may see of a connection: never the key, only its mask. */
export interface ConnectionView {
  id: string;
  tenantId: string;
  platformBaseUrl: string;
  state: ConnectionState;
  companyId: string | null;
  companyName: string | null;
  installationId: string | null;
  applicationName: string | null;
  keyMask: string | null;
  hasKey: boolean;
  scopes: string[];
  /** What the connector last reported to the platform (`ACTIVATED` / `INACTIVE`). */
  reportedStatus: string | null;
  reportedErrorCode: string | null;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  lastErrorClass: string | null;
  lastErrorMessage: string | null;
  failureCount: number;
  connectedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionEventView {
  id: string;
  connectionId: string;
  tenantId: string;
  from: ConnectionState | null;
  to: ConnectionState;
  reason: string;
  message: string | null;
  at: string;
}

/** Emitted on `events` as `'transition'` for every recorded change (state or key). */
export interface TransitionEvent extends ConnectionEventView {
  connection: ConnectionView;
}

export interface ConnectorEvents {
  transition: [TransitionEvent];
}

/** Compare-and-set conditions on an update. */
export interface Guard {
  state?: ConnectionState;
  secret?: string | null;
}

function applyGuard<Q extends UpdateQueryBuilder<ConnectorDB, 'connections', 'connections', UpdateResult>>(q: Q, guard: Guard): Q {
  let out = q;
  if (guard.state !== undefined) out = out.where('state', '=', guard.state) as Q;
  if (guard.secret !== undefined)
    out = (guard.secret === null ? out.where('secret', 'is', null) : out.where('secret', '=', guard.secret)) as Q;
  return out;
}

function matches(current: Pick<ConnectionRow, 'state' | 'secret'>, guard: Guard): boolean {
  return (guard.state === undefined || current.state === guard.state) && (guard.secret === undefined || current.secret === guard.secret);
}

export function parseScopesColumn(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function toView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    platformBaseUrl: row.platform_base_url,
    state: row.state,
    companyId: row.company_id,
    companyName: row.company_name,
    installationId: row.installation_id,
    applicationName: row.application_name,
    keyMask: row.key_hint,
    hasKey: row.secret !== null,
    scopes: parseScopesColumn(row.scopes),
    reportedStatus: row.reported_status,
    reportedErrorCode: row.reported_error_code,
    lastCheckedAt: row.last_checked_at,
    lastSuccessAt: row.last_success_at,
    lastErrorClass: row.last_error_class,
    lastErrorMessage: row.last_error_message,
    failureCount: Number(row.failure_count),
    connectedAt: row.connected_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The one place that reads and writes connection rows. Tenant-facing reads take the tenant id and
 * filter on it in SQL; a connection of another tenant is simply not found. `…ById` methods are for
 * system callers (health monitor, webhook receiver, CLI) that act on behalf of no tenant.
 */
export class ConnectionStore {
  readonly events = new EventEmitter<ConnectorEvents>();

  constructor(readonly db: Kysely<ConnectorDB>) {}

  async get(tenantId: string, id: string): Promise<ConnectionRow | undefined> {
    return this.db.selectFrom('connections').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  async tenantExists(tenantId: string): Promise<boolean> {
    return (await this.db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst()) !== undefined;
  }

  async getById(id: string): Promise<ConnectionRow | undefined> {
    return this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listForTenant(tenantId: string): Promise<ConnectionRow[]> {
    return this.db
      .selectFrom('connections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('state', '!=', 'pending')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async listAll(opts: { states?: readonly ConnectionState[]; limit?: number; after?: string } = {}): Promise<ConnectionRow[]> {
    let q = this.db.selectFrom('connections').selectAll().orderBy('id');
    if (opts.states?.length) q = q.where('state', 'in', opts.states);
    if (opts.after) q = q.where('id', '>', opts.after);
    if (opts.limit) q = q.limit(opts.limit);
    return q.execute();
  }

  async findForCompany(tenantId: string, baseUrl: string, companyId: string): Promise<ConnectionRow | undefined> {
    return this.db
      .selectFrom('connections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('platform_base_url', '=', baseUrl)
      .where('company_id', '=', companyId)
      .orderBy('created_at')
      .executeTakeFirst();
  }

  async findByCompanyId(companyId: string): Promise<ConnectionRow[]> {
    return this.db.selectFrom('connections').selectAll().where('company_id', '=', companyId).orderBy('id').execute();
  }

  async findByInstallationId(installationId: string): Promise<ConnectionRow[]> {
    return this.db.selectFrom('connections').selectAll().where('installation_id', '=', installationId).orderBy('id').execute();
  }

  /**
   * The connections the health monitor re-validates: holding a key, live, and in `needs_reconnect` only
   * while the key itself still works (its scopes fell short). With `dueBy`, only those due by then.
   */
  #monitored(dueBy: string | undefined) {
    let q = this.db
      .selectFrom('connections')
      .where('secret', 'is not', null)
      .where('state', 'in', LIVE_STATES)
      .where((eb) => eb.or([eb('state', '!=', 'needs_reconnect'), eb('last_error_class', '=', 'missing_scopes')]));
    if (dueBy) q = q.where((eb) => eb.or([eb('next_check_at', 'is', null), eb('next_check_at', '<=', dueBy)]));
    return q;
  }

  async countMonitored(dueBy?: string): Promise<number> {
    const { n } = await this.#monitored(dueBy)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** One page of `countMonitored`'s connections, in id order after `after`. */
  async listMonitored(opts: { dueBy?: string; after: string; limit: number }): Promise<ConnectionRow[]> {
    return this.#monitored(opts.dueBy).selectAll().where('id', '>', opts.after).orderBy('id').limit(opts.limit).execute();
  }

  /**
   * Claims a connection's due check until `until`: a compare-and-set on the `next_check_at` the caller
   * read, so of several instances that found it due only one checks it.
   */
  async claimCheck(row: Pick<ConnectionRow, 'id' | 'next_check_at'>, until: string): Promise<boolean> {
    let q = this.db.updateTable('connections').set({ next_check_at: until }).where('id', '=', row.id);
    q = row.next_check_at === null ? q.where('next_check_at', 'is', null) : q.where('next_check_at', '=', row.next_check_at);
    return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
  }

  async insert(row: Omit<ConnectionRow, 'created_at' | 'updated_at'>): Promise<void> {
    const now = nowIso();
    await this.db
      .insertInto('connections')
      .values({ ...row, created_at: now, updated_at: now })
      .execute();
  }

  /** Plain update scoped to tenant + id; returns whether a row changed. `guard` adds compare-and-set conditions. */
  async update(tenantId: string, id: string, patch: ConnectionPatch, guard: Guard = {}): Promise<boolean> {
    const q = this.db
      .updateTable('connections')
      .set({ ...patch, updated_at: nowIso() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id);
    const res = await applyGuard(q, guard).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.db.deleteFrom('connections').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }

  /**
   * Moves the connection to `to`, applies `patch` and records the move as an event, atomically; then
   * emits `'transition'`. The move must be allowed from the state the row is in (`MOVES` in
   * states.ts); any other throws `IllegalMoveError` and changes nothing. With `guard`, nothing happens
   * (returns undefined) if the row moved on meanwhile (another state, or another key: a check made with
   * a key that has since been replaced must not judge the new one). The event's `from` is the state the
   * row was really in, read in the same transaction.
   */
  async transition(
    row: Pick<ConnectionRow, 'id' | 'tenant_id'>,
    to: ConnectionState,
    reason: string,
    message: string | null,
    patch: ConnectionPatch = {},
    guard: Guard = {},
  ): Promise<ConnectionView | undefined> {
    // A key pasted where an error text ends up is stored as its hint (history and last error alike).
    const text = message === null ? null : maskKeys(message);
    const changes = patch.last_error_message ? { ...patch, last_error_message: maskKeys(patch.last_error_message) } : patch;
    for (let attempt = 0; ; attempt++) {
      const at = nowIso();
      const done = await this.db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('connections')
          .select(['state', 'secret'])
          .where('tenant_id', '=', row.tenant_id)
          .where('id', '=', row.id)
          .executeTakeFirst();
        if (!current || !matches(current, guard)) return { moved: false as const };
        const from = current.state;
        if (!canMove(from, to)) throw new IllegalMoveError(from, to);
        const q = trx
          .updateTable('connections')
          .set({ ...changes, state: to, updated_at: at })
          .where('tenant_id', '=', row.tenant_id)
          .where('id', '=', row.id)
          .where('state', '=', from);
        const res = await applyGuard(q, guard).executeTakeFirst();
        // Changed between the read and the write (another instance): read again.
        if (Number(res.numUpdatedRows) === 0) return { moved: false as const, raced: true };
        const event = {
          id: uuidv7(),
          connection_id: row.id,
          tenant_id: row.tenant_id,
          from_state: from,
          to_state: to,
          reason,
          message: text,
          created_at: at,
        };
        await trx.insertInto('connection_events').values(event).execute();
        const updated = await trx.selectFrom('connections').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
        return { moved: true as const, event, updated };
      });
      if (!done.moved) {
        if ('raced' in done && attempt < 3) continue;
        return undefined;
      }
      const connection = toView(done.updated);
      const { event } = done;
      this.events.emit('transition', {
        id: event.id,
        connectionId: row.id,
        tenantId: row.tenant_id,
        from: event.from_state,
        to,
        reason,
        message: text,
        at,
        connection,
      });
      return connection;
    }
  }

  async eventsFor(tenantId: string, connectionId: string, limit = 50): Promise<ConnectionEventView[]> {
    const rows = await this.db
      .selectFrom('connection_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('connection_id', '=', connectionId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      tenantId: r.tenant_id,
      from: r.from_state as ConnectionState | null,
      to: r.to_state as ConnectionState,
      reason: r.reason,
      message: r.message,
      at: r.created_at,
    }));
  }
}
