import { type ApiSession, type CallOptions, companyIdFromUrn, type PlatformClient } from '../client/client.ts';
import type { Installation, Introspection } from '../client/types.ts';
import { newId, nowIso } from '../util/ids.ts';
import { KeyedLock } from '../util/lock.ts';
import type { Logger } from '../util/logger.ts';
import type { Vault } from '../vault/vault.ts';
import {
  type ConnectErrorClass,
  type ConnectFailure,
  ConnectionNotFoundError,
  ConnectionStateError,
  classifyPlatformError,
  failure,
  failureFor,
  type MessageContext,
} from './errors.ts';
import { inspectKey, openStoredKey } from './key-check.ts';
import { type KeyFormat, maskKey, normalizeKey, precheckKey } from './key-input.ts';
import { type ConnectionState, canMove, isEnded, isWorking } from './states.ts';
import { type ConnectionEventView, type ConnectionRow, type ConnectionStore, type ConnectionView, toView } from './store.ts';
import { verdictOf } from './verdict.ts';

export interface ConnectionServiceOptions {
  store: ConnectionStore;
  vault: Vault;
  client: PlatformClient;
  keyFormat: KeyFormat;
  /** `strict` only: the expected key prefix (e.g. `lk`); any valid prefix when unset. */
  keyPrefix?: string;
  /** Scopes the integration cannot work without; checked with `GET /v1/introspect`. */
  requiredScopes: readonly string[];
  /** Shown in messages: "Pleo could not be reached…". Default `Pleo`. */
  platformName?: string;
  logger?: Logger;
  /** Timeout and retries for calls made while a customer waits (connect, replace, uninstall). Default 8 s, 1 retry. */
  interactive?: CallOptions;
  /** When the health monitor first looks at a fresh connection. Default 10 min. */
  checkIntervalMs?: number;
}

export type ConnectSuccess = { ok: true; connection: ConnectionView; replaced: boolean };
export type ConnectResult = ConnectSuccess | ConnectFailure;
export type UninstallResult = { ok: true; connection: ConnectionView; platformUninstalled: boolean } | ConnectFailure;

interface Validated {
  ok: true;
  key: string;
  installation: Installation;
  introspection: Introspection;
  companyId: string;
  companyName: string | null;
  scopes: string[];
}

/** A live connection's decrypted key, as a ready API session. */
export interface OpenedConnection {
  row: ConnectionRow;
  session: ApiSession;
}

/**
 * Save-and-test, replace, disconnect and uninstall, per tenant. Every tenant-facing method takes the
 * tenant id and resolves the connection with it; another tenant's connection id is "not found".
 */
export class ConnectionService {
  readonly #store: ConnectionStore;
  readonly #vault: Vault;
  readonly #client: PlatformClient;
  readonly #opts: ConnectionServiceOptions;
  readonly #ctx: MessageContext;
  readonly #lock = new KeyedLock();
  readonly #interactive: CallOptions;

  constructor(opts: ConnectionServiceOptions) {
    this.#store = opts.store;
    this.#vault = opts.vault;
    this.#client = opts.client;
    this.#opts = opts;
    this.#ctx = { platformName: opts.platformName ?? 'Pleo' };
    this.#interactive = opts.interactive ?? { timeoutMs: 8_000, retries: 1 };
  }

  /** `'transition'` events for every recorded change, from any service. */
  get events() {
    return this.#store.events;
  }

  get messageContext(): MessageContext {
    return this.#ctx;
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────

  async get(tenantId: string, connectionId: string): Promise<ConnectionView | undefined> {
    const row = await this.#store.get(tenantId, connectionId);
    return row && row.state !== 'pending' ? toView(row) : undefined;
  }

  async list(tenantId: string): Promise<ConnectionView[]> {
    return (await this.#store.listForTenant(tenantId)).map(toView);
  }

  /** Recorded transitions of one connection, newest first. */
  async history(tenantId: string, connectionId: string, limit?: number): Promise<ConnectionEventView[]> {
    return this.#store.eventsFor(tenantId, connectionId, limit);
  }

  /** Operators' overview across tenants (state, company, last check, last error); never a key. */
  async listAll(opts: { states?: readonly ConnectionState[]; limit?: number; after?: string } = {}): Promise<ConnectionView[]> {
    return (await this.#store.listAll(opts)).filter((r) => r.state !== 'pending').map(toView);
  }

  /** System callers only (webhook receiver, CLI): no tenant scoping. */
  async getById(connectionId: string): Promise<ConnectionView | undefined> {
    const row = await this.#store.getById(connectionId);
    return row && toView(row);
  }

  /** System callers only: connections for a platform company (e.g. to route a webhook). */
  async findByCompanyId(companyId: string): Promise<ConnectionView[]> {
    return (await this.#store.findByCompanyId(companyId.toLowerCase())).map(toView);
  }

  async findByInstallationId(installationId: string): Promise<ConnectionView[]> {
    return (await this.#store.findByInstallationId(installationId)).map(toView);
  }

  // ── save and test ─────────────────────────────────────────────────────────────────────

  /**
   * Connect a tenant with a pasted key: normalise → format precheck → GET installation → company id
   * → required scopes → encrypt + store → activate → `connected`. On any failure nothing is stored
   * or changed and a classified failure is returned. A key for a company this tenant is already
   * connected to replaces that connection's key (same connection id).
   */
  async connect(tenantId: string, rawKey: string, opts: { signal?: AbortSignal } = {}): Promise<ConnectResult> {
    await this.#mustTenant(tenantId);
    const validated = await this.#validate(rawKey, opts.signal);
    if (!validated.ok) return this.#failed(tenantId, undefined, validated);
    return this.#lock.run(`tenant:${tenantId}`, async () => {
      const existing = await this.#store.findForCompany(tenantId, this.#client.baseUrl, validated.companyId);
      if (existing) return this.#replace(existing, validated, opts.signal);
      return this.#create(tenantId, validated, opts.signal);
    });
  }

  /**
   * Replace (rotate) or reconnect the key of an existing connection; the connection keeps its id
   * and its old key until the new one has validated and the installation is activated with it.
   * A key for another company is refused (`wrong_company`) unless the connection was disconnected
   * or uninstalled, in which case it may start over with any company.
   */
  async replaceKey(tenantId: string, connectionId: string, rawKey: string, opts: { signal?: AbortSignal } = {}): Promise<ConnectResult> {
    const row = await this.#store.get(tenantId, connectionId);
    if (!row || row.state === 'pending') throw new ConnectionNotFoundError('connection');
    const validated = await this.#validate(rawKey, opts.signal);
    if (!validated.ok) return this.#failed(tenantId, connectionId, validated);
    return this.#replace(row, validated, opts.signal);
  }

  /** Forget the key (the stored secret is deleted); the platform is not told. */
  async disconnect(tenantId: string, connectionId: string): Promise<ConnectionView> {
    return this.#lock.run(`conn:${connectionId}`, async () => {
      const row = await this.#mustConnection(tenantId, connectionId);
      if (isEnded(row.state)) return toView(row);
      const view = await this.#store.transition(row, 'disconnected', 'disconnected', 'Disconnected; the stored API key was deleted.', {
        ...CLEARED_SECRET,
        next_check_at: null,
      });
      this.#opts.logger?.info?.({ tenantId, connectionId }, 'connection disconnected');
      return view ?? toView((await this.#store.get(tenantId, connectionId))!);
    });
  }

  /**
   * The customer explicitly chose to uninstall: `DELETE /v1/installations/me` on the platform (which
   * revokes every key of the installation), then the stored secret is deleted. If the platform cannot
   * be reached nothing changes; a key the platform already rejects (401/404) is uninstalled locally.
   */
  async uninstall(tenantId: string, connectionId: string, opts: { signal?: AbortSignal } = {}): Promise<UninstallResult> {
    return this.#lock.run(`conn:${connectionId}`, async () => {
      const row = await this.#mustConnection(tenantId, connectionId);
      if (row.state === 'uninstalled') return { ok: true, connection: toView(row), platformUninstalled: false };
      let platformUninstalled = false;
      if (row.secret) {
        const session = openStoredKey(this.#vault, this.#client, row);
        try {
          await session.deleteInstallation({ ...this.#interactive, signal: opts.signal });
          platformUninstalled = true;
        } catch (err) {
          const verdict = verdictOf(err);
          // A key the platform already rejects has no installation left to delete.
          if (verdict.kind !== 'invalid_key') return this.#failed(tenantId, connectionId, failureFor(verdict, this.#ctx));
        }
      }
      const view = await this.#store.transition(
        row,
        'uninstalled',
        'uninstalled',
        platformUninstalled
          ? 'Uninstalled on the platform; the stored API key was deleted.'
          : 'Uninstalled; the stored API key was deleted.',
        { ...CLEARED_SECRET, next_check_at: null, reported_status: null, reported_error_code: null },
      );
      this.#opts.logger?.info?.({ tenantId, connectionId, platformUninstalled }, 'connection uninstalled');
      return { ok: true, connection: view ?? toView((await this.#store.get(tenantId, connectionId))!), platformUninstalled };
    });
  }

  // ── for the webhook receiver and other system callers ─────────────────────────────────

  /** The platform says the key no longer works (revoked, regenerated, expired). Idempotent. */
  async markNeedsReconnect(
    connectionId: string,
    reason: string,
    errorClass: ConnectErrorClass = 'invalid_key',
    /**
     * Checked under the connection's lock, on the row as it is then: a webhook about key X must not
     * flip a connection that a concurrent replace has just moved to key Y.
     */
    onlyIf?: (current: ConnectionView) => boolean,
  ): Promise<ConnectionView | undefined> {
    return this.#lock.run(`conn:${connectionId}`, async () => {
      const row = await this.#store.getById(connectionId);
      if (!row) return undefined;
      if (row.state === 'needs_reconnect' || !canMove(row.state, 'needs_reconnect')) return toView(row);
      if (onlyIf && !onlyIf(toView(row))) return toView(row);
      return (
        (await this.#store.transition(
          row,
          'needs_reconnect',
          'marked_needs_reconnect',
          reason,
          {
            last_error_class: errorClass,
            last_error_message: reason,
          },
          { state: row.state },
        )) ?? toView((await this.#store.getById(connectionId))!)
      );
    });
  }

  /** The platform says the installation is gone. Deletes the stored secret. Idempotent. */
  async markUninstalled(connectionId: string, reason: string): Promise<ConnectionView | undefined> {
    return this.#lock.run(`conn:${connectionId}`, async () => {
      const row = await this.#store.getById(connectionId);
      if (!row) return undefined;
      if (!canMove(row.state, 'uninstalled')) return toView(row);
      return (
        (await this.#store.transition(row, 'uninstalled', 'marked_uninstalled', reason, {
          ...CLEARED_SECRET,
          next_check_at: null,
          reported_status: null,
          reported_error_code: null,
        })) ?? toView((await this.#store.getById(connectionId))!)
      );
    });
  }

  /** Decrypts a connection's key into an API session (health monitor, export worker). */
  async open(tenantId: string, connectionId: string): Promise<OpenedConnection> {
    const row = await this.#mustConnection(tenantId, connectionId);
    if (!row.secret) throw new ConnectionStateError(`connection is ${row.state} and holds no key`);
    return { row, session: openStoredKey(this.#vault, this.#client, row) };
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────

  /**
   * The connect flow's checks, in the order the connect screen shows them: format, the test call
   * (`GET /v1/installations/me`), its company, the key's scopes; then the company's name, a nicety.
   */
  async #validate(rawKey: string, signal?: AbortSignal): Promise<Validated | ConnectFailure> {
    const key = normalizeKey(rawKey);
    const pre = precheckKey(key, this.#opts.keyFormat, this.#opts.keyPrefix);
    if (!pre.ok) return failure('malformed_key', this.#ctx, { detail: pre.detail });
    const session = this.#client.withKey(key);
    const call = { ...this.#interactive, signal };
    try {
      const installation = await session.getInstallation(call);
      const companyId = companyIdFromUrn(installation.resource);
      if (!companyId)
        return failure('wrong_company', this.#ctx, {
          detail: `installation resource is not a company URN (${installation.resource.slice(0, 80)})`,
        });
      const { introspection, scopes, missing } = await inspectKey(session, this.#opts.requiredScopes, call, installation);
      if (missing.length > 0)
        return failure('missing_scopes', this.#ctx, { missingScopes: missing, detail: `granted: ${scopes.join(' ') || '(none)'}` });
      const companyName = scopes.includes('companies:read') ? await this.#companyName(session, companyId, signal) : null;
      return { ok: true, key, installation, introspection, companyId, companyName, scopes };
    } catch (err) {
      if (signal?.aborted) throw err;
      return classifyPlatformError(err, this.#ctx);
    }
  }

  /** Never a reason to refuse a working key. */
  async #companyName(session: ApiSession, companyId: string, signal?: AbortSignal): Promise<string | null> {
    try {
      return (await session.getCompany(companyId, { timeoutMs: 3_000, retries: 0, signal })).name ?? null;
    } catch {
      return null;
    }
  }

  #details(v: Validated) {
    return {
      company_id: v.companyId,
      installation_id: v.installation.id,
      application_name: v.introspection.applicationName ?? null,
      key_hint: maskKey(v.key, this.#opts.keyFormat),
      scopes: JSON.stringify(v.scopes),
    };
  }

  #healthy(now: string) {
    return {
      last_checked_at: now,
      last_success_at: now,
      last_error_class: null,
      last_error_message: null,
      failure_count: 0,
      failure_streak: 0,
      last_failure_counted_at: null,
      reported_status: 'ACTIVATED' as const,
      reported_error_code: null,
      next_check_at: new Date(Date.now() + (this.#opts.checkIntervalMs ?? 600_000)).toISOString(),
    };
  }

  async #create(tenantId: string, v: Validated, signal?: AbortSignal): Promise<ConnectResult> {
    const id = newId();
    const secret = this.#vault.encrypt(v.key, { tenantId, connectionId: id });
    await this.#store.insert({
      id,
      tenant_id: tenantId,
      platform_base_url: this.#client.baseUrl,
      state: 'pending',
      ...this.#details(v),
      company_name: v.companyName,
      secret,
      secret_key_id: this.#vault.currentKeyId,
      pending_secret: null,
      pending_secret_key_id: null,
      reported_status: null,
      reported_error_code: null,
      last_checked_at: null,
      last_success_at: null,
      last_error_class: null,
      last_error_message: null,
      failure_count: 0,
      failure_streak: 0,
      last_failure_counted_at: null,
      next_check_at: null,
      connected_at: null,
    });
    try {
      await this.#client.withKey(v.key).activateInstallation({ ...this.#interactive, signal });
    } catch (err) {
      await this.#store.delete(tenantId, id);
      if (signal?.aborted) throw err;
      return this.#failed(tenantId, undefined, classifyPlatformError(err, this.#ctx));
    }
    const now = nowIso();
    const view = await this.#store.transition({ id, tenant_id: tenantId }, 'connected', 'connected', connectedMessage(v), {
      ...this.#healthy(now),
      connected_at: now,
    });
    this.#opts.logger?.info?.({ tenantId, connectionId: id, companyId: v.companyId }, 'connection connected');
    return { ok: true, connection: view!, replaced: false };
  }

  async #replace(current: ConnectionRow, v: Validated, signal?: AbortSignal): Promise<ConnectResult> {
    const { tenant_id: tenantId, id } = current;
    return this.#lock.run(`conn:${id}`, async () => {
      const row = (await this.#store.get(tenantId, id)) ?? current;
      if (row.company_id && row.company_id !== v.companyId && !isEnded(row.state)) {
        return this.#failed(
          tenantId,
          id,
          failure('wrong_company', this.#ctx, { keyCompanyId: v.companyId, expectedCompanyId: row.company_id }),
        );
      }
      // Stage the new key beside the old one; the old key stays the working key until activation succeeds.
      const staged = this.#vault.encrypt(v.key, { tenantId, connectionId: id });
      await this.#store.update(tenantId, id, { pending_secret: staged, pending_secret_key_id: this.#vault.currentKeyId });
      try {
        await this.#client.withKey(v.key).activateInstallation({ ...this.#interactive, signal });
      } catch (err) {
        await this.#store.update(tenantId, id, { pending_secret: null, pending_secret_key_id: null });
        if (signal?.aborted) throw err;
        return this.#failed(tenantId, id, classifyPlatformError(err, this.#ctx));
      }
      const now = nowIso();
      const reason = isWorking(row.state) ? 'key_replaced' : 'reconnected';
      const view = await this.#store.transition(row, 'connected', reason, connectedMessage(v), {
        ...this.#details(v),
        company_name: v.companyName ?? (row.company_id === v.companyId ? row.company_name : null),
        secret: staged,
        secret_key_id: this.#vault.currentKeyId,
        pending_secret: null,
        pending_secret_key_id: null,
        ...this.#healthy(now),
        connected_at: row.connected_at && !isEnded(row.state) ? row.connected_at : now,
      });
      this.#opts.logger?.info?.({ tenantId, connectionId: id, companyId: v.companyId, reason }, 'connection key replaced');
      return { ok: true, connection: view!, replaced: true };
    });
  }

  #failed(tenantId: string, connectionId: string | undefined, f: ConnectFailure): ConnectFailure {
    this.#opts.logger?.warn?.({ tenantId, connectionId, errorClass: f.errorClass, detail: f.detail }, 'connect failed');
    return f;
  }

  async #mustTenant(tenantId: string): Promise<void> {
    if (!(await this.#store.tenantExists(tenantId))) throw new ConnectionNotFoundError('tenant');
  }

  async #mustConnection(tenantId: string, connectionId: string): Promise<ConnectionRow> {
    const row = await this.#store.get(tenantId, connectionId);
    if (!row || row.state === 'pending') throw new ConnectionNotFoundError('connection');
    return row;
  }
}

const CLEARED_SECRET = {
  secret: null,
  secret_key_id: null,
  pending_secret: null,
  pending_secret_key_id: null,
  key_hint: null,
} as const;

function connectedMessage(v: Validated): string {
  return v.companyName ? `Connected to company ${v.companyName} (${v.companyId})` : `Connected to company ${v.companyId}`;
}
