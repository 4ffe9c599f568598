import { digestKey, keyHint, parseKey } from '@latchkey/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from './context.ts';
import type { DomainError } from './errors.ts';
import { InstallationService } from './installations.ts';
import { submitIntegration } from './integrations.ts';
import { type DomainTestbed, details, openTestbed } from './test-support.ts';

const rejects = (kind: DomainError['kind']) => expect.objectContaining({ name: 'DomainError', kind });

describe('InstallationService', () => {
  let t: DomainTestbed;
  let service: InstallationService;
  beforeAll(async () => {
    t = await openTestbed();
    service = new InstallationService(t.ctx);
  });
  afterAll(async () => t?.close());

  const install = async (scopes?: Parameters<DomainTestbed['approvedIntegration']>[0]) => {
    const integration = await t.approvedIntegration(scopes);
    const issued = await service.install(t.ownerA.actor, { integrationId: integration.id, companyId: t.companyA, user: t.ownerA.user });
    return { integration, ...issued };
  };
  const keyRows = (installationId: string) =>
    t.db.selectFrom('api_keys').selectAll().where('installation_id', '=', installationId).orderBy('created_at').execute();
  const outbox = (integrationId: string) =>
    t.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'payload'])
      .where('integration_id', '=', integrationId)
      .orderBy('created_at')
      .execute();

  it('install: PENDING_INTEGRATION with the approved scopes, one key stored as digest and hint only, audited, webhook queued', async () => {
    const nudges = t.outboxNudges();
    const { integration, key, keyId, hint, installation } = await install(['users:read', 'vendors:read']);
    expect(parseKey(key, t.config.keyPrefix).ok).toBe(true);
    expect(hint).toBe(keyHint(key));
    expect(installation).toMatchObject({
      applicationId: integration.id,
      resource: `urn:pleo:company:${t.companyA}`,
      status: 'PENDING_INTEGRATION',
    });

    const [row, ...more] = await keyRows(installation.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ id: keyId, digest: digestKey(key), hint, revoked_at: null, expires_at: null });
    const stored = JSON.stringify(
      await Promise.all([
        t.db.selectFrom('api_keys').selectAll().execute(),
        t.db.selectFrom('audit_events').selectAll().execute(),
        t.db.selectFrom('webhook_deliveries').selectAll().execute(),
      ]),
    );
    expect(stored).not.toContain(key);

    const inst = await t.db.selectFrom('installations').selectAll().where('id', '=', installation.id).executeTakeFirstOrThrow();
    expect(JSON.parse(inst.scopes)).toEqual(['users:read', 'vendors:read']);
    const audit = await t.db.selectFrom('audit_events').selectAll().where('target_id', '=', installation.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['installation.created']);
    expect((await outbox(integration.id)).map((d) => d.event_type)).toEqual(['installation.created']);
    expect(t.outboxNudges()).toBe(nudges + 1);
  });

  it('install is refused to a bookkeeper and to an admin of another company; a pending integration is not found; a second install conflicts', async () => {
    const integration = await t.approvedIntegration();
    await expect(
      service.install(t.bookkeeperA.actor, { integrationId: integration.id, companyId: t.companyA, user: t.bookkeeperA.user }),
    ).rejects.toEqual(rejects('forbidden'));
    await expect(
      service.install(t.adminB.actor, { integrationId: integration.id, companyId: t.companyA, user: t.adminB.user }),
    ).rejects.toEqual(rejects('forbidden'));

    const pending = await submitIntegration(t.db, CLI_ACTOR, t.partnerId, details());
    await expect(service.install(t.ownerA.actor, { integrationId: pending.id, companyId: t.companyA })).rejects.toEqual(
      rejects('not_found'),
    );

    await service.install(t.ownerA.actor, { integrationId: integration.id, companyId: t.companyA, user: t.ownerA.user });
    await expect(service.install(t.ownerA.actor, { integrationId: integration.id, companyId: t.companyA })).rejects.toEqual(
      rejects('conflict'),
    );
  });

  it('regenerate with a grace window: a new key now, the old one expires after the window and is evicted from caches', async () => {
    const { integration, key, installation } = await install();
    const before = Date.now();
    const next = await service.regenerate(t.ownerA.actor, { installationId: installation.id, companyId: t.companyA, graceSeconds: 3600 });
    expect(next.key).not.toBe(key);
    const [old, fresh] = await keyRows(installation.id);
    expect(fresh).toMatchObject({ id: next.keyId, expires_at: null });
    const expires = Date.parse(old?.expires_at ?? '');
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(t.invalidated.at(-1)).toEqual({ digests: [digestKey(key)] });
    const events = await outbox(integration.id);
    expect(events.map((e) => e.event_type)).toEqual(['installation.created', 'installation.key_regenerated']);
    expect(JSON.parse(events[1]?.payload ?? '{}').data.previousKeysExpireAt).toBe(old?.expires_at);
  });

  it('regenerate keeps an earlier expiry, refuses a window beyond 7 days, and only regenerates the company’s own installation', async () => {
    const { installation } = await install();
    await service.regenerate(CLI_ACTOR, { installationId: installation.id, graceSeconds: 0 });
    const [first] = await keyRows(installation.id);
    await service.regenerate(CLI_ACTOR, { installationId: installation.id, graceSeconds: 86_400 });
    const [firstAgain, second] = await keyRows(installation.id);
    expect(firstAgain?.expires_at).toBe(first?.expires_at);
    expect(Date.parse(second?.expires_at ?? '')).toBeGreaterThan(Date.now() + 86_000_000);

    for (const graceSeconds of [-1, 1.5, t.config.maxGraceSeconds + 1]) {
      await expect(service.regenerate(CLI_ACTOR, { installationId: installation.id, graceSeconds })).rejects.toEqual(rejects('invalid'));
    }
    await expect(
      service.regenerate(CLI_ACTOR, { installationId: installation.id, companyId: t.companyB, graceSeconds: 0 }),
    ).rejects.toEqual(rejects('not_found'));
  });

  it('revokeKey revokes once (evicted, audited, webhook queued); again is a no-op; another company’s key is not found', async () => {
    const { integration, key, keyId } = await install();
    await expect(service.revokeKey(CLI_ACTOR, { keyId, companyId: t.companyB })).rejects.toEqual(rejects('not_found'));
    await service.revokeKey(t.ownerA.actor, { keyId, companyId: t.companyA });
    expect(t.invalidated.at(-1)).toEqual({ digests: [digestKey(key)] });
    const revokedAt = (await t.db.selectFrom('api_keys').select('revoked_at').where('id', '=', keyId).executeTakeFirstOrThrow()).revoked_at;
    expect(revokedAt).not.toBeNull();

    const invalidations = t.invalidated.length;
    await service.revokeKey(t.ownerA.actor, { keyId, companyId: t.companyA });
    expect(t.invalidated.length).toBe(invalidations);
    expect((await outbox(integration.id)).map((e) => e.event_type)).toEqual(['installation.created', 'installation.key_revoked']);
  });

  it('uninstall revokes every key at once, leaves the installation INACTIVE and gone, and queues installation.deleted', async () => {
    const { integration, key, installation } = await install();
    const extra = await service.issueAdditionalKey(CLI_ACTOR, installation.id);
    await service.uninstall(t.ownerA.actor, { installationId: installation.id, companyId: t.companyA });
    const evicted = t.invalidated.at(-1);
    expect(new Set(evicted?.digests)).toEqual(new Set([digestKey(key), digestKey(extra.key)]));
    expect(evicted?.installations).toEqual([installation.id]);
    expect((await keyRows(installation.id)).every((k) => k.revoked_at !== null)).toBe(true);
    const row = await t.db.selectFrom('installations').selectAll().where('id', '=', installation.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'INACTIVE' });
    expect(row.deleted_at).not.toBeNull();
    await expect(service.view(installation.id)).rejects.toEqual(rejects('not_found'));
    expect((await outbox(integration.id)).map((e) => e.event_type).at(-1)).toBe('installation.deleted');
    // The same integration can be installed again afterwards.
    await expect(service.install(t.ownerA.actor, { integrationId: integration.id, companyId: t.companyA })).resolves.toBeTruthy();
  });

  it('update: published statuses only; an error code stays only with INACTIVE or ERROR; a change is audited', async () => {
    const { installation } = await install();
    const activated = await service.update(CLI_ACTOR, installation.id, { status: 'ACTIVATED', errorCode: 'AUTH_ERROR' });
    expect(activated.status).toBe('ACTIVATED');
    expect(activated.errorCode).toBeUndefined();
    const failed = await service.update(CLI_ACTOR, installation.id, { status: 'ERROR', errorCode: 'NOT_ENTITLED', metadata: { erp: 'x' } });
    expect(failed).toMatchObject({ status: 'ERROR', errorCode: 'NOT_ENTITLED', metadata: { erp: 'x' } });
    expect(await service.update(CLI_ACTOR, installation.id, { metadata: { erp: 'y' } })).toMatchObject({
      errorCode: 'NOT_ENTITLED',
      metadata: { erp: 'y' },
    });
    await expect(service.update(CLI_ACTOR, installation.id, { status: 'BROKEN' as never })).rejects.toEqual(rejects('invalid'));
    await expect(service.update(CLI_ACTOR, installation.id, { errorCode: 'OOPS' as never })).rejects.toEqual(rejects('invalid'));
    const changes = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', installation.id)
      .where('action', '=', 'installation.status_changed')
      .execute();
    expect(changes).toHaveLength(2);
  });

  it('listKeys shows each key of the company with its status (active, expiring, revoked), hints only', async () => {
    const { installation, keyId } = await install();
    const next = await service.regenerate(CLI_ACTOR, { installationId: installation.id, graceSeconds: 3600 });
    const third = await service.issueAdditionalKey(CLI_ACTOR, installation.id);
    await service.revokeKey(CLI_ACTOR, { keyId: third.keyId });
    const mine = (await service.listKeys(t.companyA)).filter((k) => k.installation.id === installation.id);
    const status = Object.fromEntries(mine.map((k) => [k.id, k.status]));
    expect(status).toEqual({ [keyId]: 'expiring', [next.keyId]: 'active', [third.keyId]: 'revoked' });
    expect(JSON.stringify(mine)).not.toContain(next.key);
    expect((await service.listKeys(t.companyB)).some((k) => k.installation.id === installation.id)).toBe(false);
  });
});
