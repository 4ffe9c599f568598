import { digestKey, generateKey, keyHint } from '@latchkey/keys';
import type { ApiKey, Installation, InstallationErrorCode, InstallationStatus, User } from '../db/schema.ts';
import { companyUrn, newId, nowIso, parseJson } from '../util/ids.ts';
import { canInstall } from './accounts.ts';
import { recordAudit } from './audit.ts';
import type { Actor, DomainContext, Executor } from './context.ts';
import { conflict, forbidden, invalid, notFound } from './errors.ts';
import { getIntegration } from './integrations.ts';
import { enqueueWebhook } from './webhooks.ts';

/** Pleo's InstallationResponse. */
export interface InstallationView {
  id: string;
  applicationId: string;
  resource: string;
  status: InstallationStatus;
  errorCode?: InstallationErrorCode;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export function toInstallationView(
  row: Pick<Installation, 'id' | 'integration_id' | 'company_id' | 'status' | 'error_code' | 'metadata' | 'created_at' | 'updated_at'>,
): InstallationView {
  return {
    id: row.id,
    applicationId: row.integration_id,
    resource: companyUrn(row.company_id),
    status: row.status,
    ...(row.error_code ? { errorCode: row.error_code } : {}),
    metadata: parseJson(row.metadata, {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type KeyStatus = 'active' | 'expiring' | 'expired' | 'revoked';

export function keyStatus(key: Pick<ApiKey, 'revoked_at' | 'expires_at'>, now = Date.now()): KeyStatus {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at) return Date.parse(key.expires_at) <= now ? 'expired' : 'expiring';
  return 'active';
}

/** A new key: the plaintext is returned to the caller once and only its digest and hint are stored. */
export interface IssuedKey {
  key: string;
  keyId: string;
  hint: string;
  installation: InstallationView;
}

const INSTALL_STATUSES: InstallationStatus[] = ['ACTIVATED', 'INACTIVE', 'AUTHORIZED', 'PENDING_INTEGRATION', 'ERROR'];
const ERROR_CODES: InstallationErrorCode[] = ['NOT_ENTITLED', 'AUTH_ERROR', 'INTEGRATION_ERROR'];

export class InstallationService {
  constructor(private readonly ctx: DomainContext) {}

  private async insertKey(db: Executor, installationId: string, actor: Actor): Promise<{ key: string; keyId: string; hint: string }> {
    const key = generateKey({ prefix: this.ctx.config.keyPrefix, env: this.ctx.config.keyEnv });
    const keyId = newId();
    const hint = keyHint(key);
    const at = nowIso();
    await db
      .insertInto('api_keys')
      .values({
        id: keyId,
        installation_id: installationId,
        digest: digestKey(key),
        hint,
        created_by: actor.label,
        created_at: at,
        expires_at: null,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    return { key, keyId, hint };
  }

  async liveInstallation(db: Executor, installationId: string, companyId?: string): Promise<Installation> {
    let q = db.selectFrom('installations').selectAll().where('id', '=', installationId).where('deleted_at', 'is', null);
    if (companyId) q = q.where('company_id', '=', companyId);
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('installation not found');
    return row;
  }

  /**
   * A company owner/admin installs an approved integration: the installation starts as PENDING_INTEGRATION
   * with the integration's approved scopes, fixed from now on, and its first key.
   */
  async install(
    actor: Actor,
    input: { integrationId: string; companyId: string; user?: Pick<User, 'kind' | 'role' | 'company_id'> },
  ): Promise<IssuedKey> {
    if (input.user && (!canInstall(input.user) || input.user.company_id !== input.companyId)) {
      throw forbidden('only an owner or admin of this company may install integrations');
    }
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      const integration = await getIntegration(trx, input.integrationId);
      if (integration.status !== 'approved') throw notFound('integration not found in the marketplace');
      const existing = await trx
        .selectFrom('installations')
        .select('id')
        .where('integration_id', '=', integration.id)
        .where('company_id', '=', input.companyId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (existing) throw conflict(`${integration.name} is already installed; regenerate its key under Settings → API Keys`);
      const at = nowIso();
      const row: Installation = {
        id: newId(),
        integration_id: integration.id,
        company_id: input.companyId,
        status: 'PENDING_INTEGRATION',
        error_code: null,
        metadata: '{}',
        scopes: integration.approved_scopes ?? '[]',
        installed_by: actor.label,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      };
      await trx.insertInto('installations').values(row).execute();
      const issued = await this.insertKey(trx, row.id, actor);
      await recordAudit(trx, actor, {
        action: 'installation.created',
        companyId: row.company_id,
        integrationId: integration.id,
        target: { type: 'installation', id: row.id },
        details: { keyHint: issued.hint, scopes: parseJson(row.scopes, []) },
      });
      await enqueueWebhook(trx, integration, 'installation.created', this.eventData(row, issued.hint));
      return { ...issued, installation: toInstallationView(row) };
    });
    this.ctx.notifyOutbox();
    return result;
  }

  /** An extra key for an existing installation (CLI/scripts); existing keys keep working. */
  async issueAdditionalKey(actor: Actor, installationId: string): Promise<IssuedKey> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const inst = await this.liveInstallation(trx, installationId);
      const issued = await this.insertKey(trx, inst.id, actor);
      await recordAudit(trx, actor, {
        action: 'key.issued',
        companyId: inst.company_id,
        integrationId: inst.integration_id,
        target: { type: 'api_key', id: issued.keyId },
        details: { keyHint: issued.hint },
      });
      return { ...issued, installation: toInstallationView(inst) };
    });
  }

  /**
   * Regenerate: a new key now; every current key of the installation expires after `graceSeconds`
   * (0 = at once, at most 7 days). The old key keeps an earlier expiry if it already had one.
   */
  async regenerate(actor: Actor, input: { installationId: string; companyId?: string; graceSeconds: number }): Promise<IssuedKey> {
    const { graceSeconds } = input;
    if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > this.ctx.config.maxGraceSeconds) {
      throw invalid(`graceSeconds must be a whole number from 0 to ${this.ctx.config.maxGraceSeconds} (7 days)`);
    }
    const changed: string[] = [];
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      const inst = await this.liveInstallation(trx, input.installationId, input.companyId);
      const now = Date.now();
      const expiresAt = nowIso(now + graceSeconds * 1000);
      const current = await trx
        .selectFrom('api_keys')
        .select(['id', 'digest', 'expires_at', 'revoked_at', 'hint'])
        .where('installation_id', '=', inst.id)
        .where('revoked_at', 'is', null)
        .execute();
      for (const k of current) {
        if (k.expires_at && k.expires_at <= expiresAt) continue;
        await trx.updateTable('api_keys').set({ expires_at: expiresAt }).where('id', '=', k.id).execute();
        changed.push(k.digest);
      }
      const issued = await this.insertKey(trx, inst.id, actor);
      const integration = await getIntegration(trx, inst.integration_id);
      await recordAudit(trx, actor, {
        action: 'key.regenerated',
        companyId: inst.company_id,
        integrationId: inst.integration_id,
        target: { type: 'installation', id: inst.id },
        details: { newKeyHint: issued.hint, oldKeyHints: current.map((k) => k.hint), graceSeconds, oldKeysExpireAt: expiresAt },
      });
      await enqueueWebhook(trx, integration, 'installation.key_regenerated', {
        ...this.eventData(inst, issued.hint),
        previousKeysExpireAt: expiresAt,
      });
      return { ...issued, installation: toInstallationView(inst) };
    });
    this.ctx.invalidateKeys({ digests: changed });
    this.ctx.notifyOutbox();
    return result;
  }

  async revokeKey(actor: Actor, input: { keyId: string; companyId?: string }): Promise<void> {
    const digest = await this.ctx.db.transaction().execute(async (trx) => {
      const key = await trx
        .selectFrom('api_keys')
        .innerJoin('installations', 'installations.id', 'api_keys.installation_id')
        .select(['api_keys.id', 'api_keys.digest', 'api_keys.hint', 'api_keys.revoked_at', 'installations.id as installation_id'])
        .where('api_keys.id', '=', input.keyId)
        .$if(!!input.companyId, (q) => q.where('installations.company_id', '=', input.companyId as string))
        .executeTakeFirst();
      if (!key) throw notFound('key not found');
      if (key.revoked_at) return null;
      const at = nowIso();
      await trx.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', key.id).execute();
      const inst = await this.liveInstallation(trx, key.installation_id).catch(() => null);
      if (inst) {
        const integration = await getIntegration(trx, inst.integration_id);
        await recordAudit(trx, actor, {
          action: 'key.revoked',
          companyId: inst.company_id,
          integrationId: inst.integration_id,
          target: { type: 'api_key', id: key.id },
          details: { keyHint: key.hint },
        });
        await enqueueWebhook(trx, integration, 'installation.key_revoked', { ...this.eventData(inst, key.hint) });
      }
      return key.digest;
    });
    if (digest) {
      this.ctx.invalidateKeys({ digests: [digest] });
      this.ctx.notifyOutbox();
    }
  }

  /** Uninstall: the installation is deleted and every key of it revoked at once. */
  async uninstall(actor: Actor, input: { installationId: string; companyId?: string }): Promise<void> {
    const digests = await this.ctx.db.transaction().execute(async (trx) => {
      const inst = await this.liveInstallation(trx, input.installationId, input.companyId);
      const at = nowIso();
      const keys = await trx
        .selectFrom('api_keys')
        .select(['digest'])
        .where('installation_id', '=', inst.id)
        .where('revoked_at', 'is', null)
        .execute();
      await trx
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('installation_id', '=', inst.id)
        .where('revoked_at', 'is', null)
        .execute();
      await trx
        .updateTable('installations')
        .set({ deleted_at: at, updated_at: at, status: 'INACTIVE' })
        .where('id', '=', inst.id)
        .execute();
      const integration = await getIntegration(trx, inst.integration_id);
      await recordAudit(trx, actor, {
        action: 'installation.deleted',
        companyId: inst.company_id,
        integrationId: inst.integration_id,
        target: { type: 'installation', id: inst.id },
        details: { revokedKeys: keys.length },
      });
      await enqueueWebhook(trx, integration, 'installation.deleted', this.eventData(inst));
      return keys.map((k) => k.digest);
    });
    this.ctx.invalidateKeys({ digests, installations: [input.installationId] });
    this.ctx.notifyOutbox();
  }

  /** PUT /v1/installations/me and POST (create is idempotent for a key-bound installation). */
  async update(
    actor: Actor,
    installationId: string,
    patch: { status?: InstallationStatus; errorCode?: InstallationErrorCode | null; metadata?: Record<string, unknown> },
  ): Promise<InstallationView> {
    if (patch.status && !INSTALL_STATUSES.includes(patch.status)) throw invalid(`status must be one of ${INSTALL_STATUSES.join(', ')}`);
    if (patch.errorCode && !ERROR_CODES.includes(patch.errorCode)) throw invalid(`errorCode must be one of ${ERROR_CODES.join(', ')}`);
    const view = await this.ctx.db.transaction().execute(async (trx) => {
      const inst = await this.liveInstallation(trx, installationId);
      const status = patch.status ?? inst.status;
      const at = nowIso();
      // An error code only accompanies an inactive or failed installation.
      const errorCode = status === 'INACTIVE' || status === 'ERROR' ? (patch.errorCode ?? (patch.status ? null : inst.error_code)) : null;
      const metadata = patch.metadata !== undefined ? JSON.stringify(patch.metadata) : inst.metadata;
      await trx
        .updateTable('installations')
        .set({ status, error_code: errorCode, metadata, updated_at: at })
        .where('id', '=', inst.id)
        .execute();
      if (status !== inst.status || errorCode !== inst.error_code) {
        await recordAudit(trx, actor, {
          action: 'installation.status_changed',
          companyId: inst.company_id,
          integrationId: inst.integration_id,
          target: { type: 'installation', id: inst.id },
          details: { from: inst.status, to: status, errorCode },
        });
      }
      return toInstallationView({ ...inst, status, error_code: errorCode, metadata, updated_at: at });
    });
    this.ctx.invalidateKeys({ installations: [installationId] });
    return view;
  }

  async view(installationId: string): Promise<InstallationView> {
    return toInstallationView(await this.liveInstallation(this.ctx.db, installationId));
  }

  /** Settings → API Keys: every key of the company's installations, hints only. */
  async listKeys(companyId: string) {
    const rows = await this.ctx.db
      .selectFrom('api_keys')
      .innerJoin('installations', 'installations.id', 'api_keys.installation_id')
      .innerJoin('integrations', 'integrations.id', 'installations.integration_id')
      .select([
        'api_keys.id',
        'api_keys.hint',
        'api_keys.created_by',
        'api_keys.created_at',
        'api_keys.expires_at',
        'api_keys.revoked_at',
        'api_keys.last_used_at',
        'installations.id as installation_id',
        'installations.status as installation_status',
        'installations.error_code',
        'installations.scopes',
        'installations.deleted_at',
        'integrations.id as integration_id',
        'integrations.name as integration_name',
        'integrations.connect_url',
      ])
      .where('installations.company_id', '=', companyId)
      .where('installations.deleted_at', 'is', null)
      .orderBy('api_keys.created_at', 'desc')
      .execute();
    const now = Date.now();
    return rows.map((r) => ({
      id: r.id,
      hint: r.hint,
      createdBy: r.created_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
      status: keyStatus(r, now),
      installation: {
        id: r.installation_id,
        status: r.installation_status,
        errorCode: r.error_code,
        scopes: parseJson<string[]>(r.scopes, []),
      },
      integration: { id: r.integration_id, name: r.integration_name, connectUrl: r.connect_url },
    }));
  }

  async listInstallations(companyId: string) {
    const rows = await this.ctx.db
      .selectFrom('installations')
      .innerJoin('integrations', 'integrations.id', 'installations.integration_id')
      .selectAll('installations')
      .select(['integrations.name as integration_name'])
      .where('installations.company_id', '=', companyId)
      .where('installations.deleted_at', 'is', null)
      .execute();
    return rows.map((r) => ({ ...toInstallationView(r), integrationName: r.integration_name, scopes: parseJson<string[]>(r.scopes, []) }));
  }

  private eventData(inst: Installation, keyHint?: string): Record<string, unknown> {
    return {
      installationId: inst.id,
      applicationId: inst.integration_id,
      companyId: inst.company_id,
      resource: companyUrn(inst.company_id),
      ...(keyHint ? { keyHint } : {}),
    };
  }
}
