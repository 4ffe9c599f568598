import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from './context.ts';
import type { DomainError } from './errors.ts';
import { getIntegration, listIntegrations, reviewIntegration, submitIntegration } from './integrations.ts';
import { listMarketplace } from './review.ts';
import { type DomainTestbed, details, openTestbed } from './test-support.ts';

const rejects = (kind: DomainError['kind'], message?: RegExp) =>
  expect.objectContaining({ name: 'DomainError', kind, ...(message ? { message: expect.stringMatching(message) } : {}) });

describe('integrations: submission and review', () => {
  let t: DomainTestbed;
  beforeAll(async () => {
    t = await openTestbed();
  });
  afterAll(async () => t?.close());

  const submit = (overrides: Record<string, unknown> = {}) => submitIntegration(t.db, CLI_ACTOR, t.partnerId, details(overrides));

  it('a submission is pending, unapproved, with its requested scopes and a webhook signing secret kept out of the view', async () => {
    const view = await submit();
    expect(view).toMatchObject({ status: 'pending', approvedScopes: null, partnerId: t.partnerId, reviewReason: null });
    expect(view.requestedScopes.map((r) => r.scope)).toEqual(['users:read', 'export-jobs:write']);
    expect(JSON.stringify(view)).not.toContain('whsec_');
    expect((await getIntegration(t.db, view.id)).webhook_secret).toMatch(/^whsec_/);
    expect((await listMarketplace(t.db)).some((e) => e.id === view.id)).toBe(false);
  });

  it('a submission with a missing or malformed field is refused, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ name: '  ' }, /name/],
      [{ description: '' }, /description/],
      [{ supportEmail: 'support' }, /supportEmail/],
      [{ connectUrl: 'not a url' }, /connectUrl/],
      [{ connectUrl: 'ftp://ledger.example/connect' }, /connectUrl/],
      [{ brandColor: 'red' }, /brandColor/],
      [{ requestedScopes: [] }, /at least one scope/],
      [{ requestedScopes: [{ scope: 'everything:write', reason: 'all' }] }, /unknown scope/],
      [{ requestedScopes: [{ scope: 'users:read', reason: ' ' }] }, /reason for users:read/],
    ];
    for (const [overrides, message] of cases) {
      await expect(submit(overrides), JSON.stringify(overrides)).rejects.toEqual(rejects('invalid', message));
    }
    await expect(submitIntegration(t.db, CLI_ACTOR, crypto.randomUUID(), details())).rejects.toEqual(rejects('not_found'));
  });

  it('approval grants a subset of the requested scopes and puts the integration in the marketplace with exactly those', async () => {
    const view = await submit();
    const approved = await reviewIntegration(t.db, CLI_ACTOR, view.id, { decision: 'approve', approvedScopes: ['export-jobs:write'] });
    expect(approved).toMatchObject({ status: 'approved', approvedScopes: ['export-jobs:write'] });
    expect(approved.reviewedAt).not.toBeNull();
    const entry = (await listMarketplace(t.db)).find((e) => e.id === view.id);
    expect(entry?.scopes).toEqual(['export-jobs:write']);
    expect(entry).not.toHaveProperty('webhookUrl');
  });

  it('approval beyond the request, or of nothing, is invalid; approving twice conflicts', async () => {
    const view = await submit();
    await expect(
      reviewIntegration(t.db, CLI_ACTOR, view.id, { decision: 'approve', approvedScopes: ['users:read', 'vendors:write'] }),
    ).rejects.toEqual(rejects('invalid', /not requested: vendors:write/));
    await expect(reviewIntegration(t.db, CLI_ACTOR, view.id, { decision: 'approve', approvedScopes: [] })).rejects.toEqual(
      rejects('invalid'),
    );
    await reviewIntegration(t.db, CLI_ACTOR, view.id, { decision: 'approve', approvedScopes: ['users:read'] });
    await expect(reviewIntegration(t.db, CLI_ACTOR, view.id, { decision: 'approve', approvedScopes: ['users:read'] })).rejects.toEqual(
      rejects('conflict'),
    );
  });

  it('a rejection needs a reason, records it, and keeps the integration out of the marketplace', async () => {
    const view = await submit();
    await expect(reviewIntegration(t.db, CLI_ACTOR, view.id, { decision: 'reject', reason: '  ' })).rejects.toEqual(rejects('invalid'));
    const rejected = await reviewIntegration(t.db, CLI_ACTOR, view.id, { decision: 'reject', reason: 'Needs fewer scopes' });
    expect(rejected).toMatchObject({ status: 'rejected', reviewReason: 'Needs fewer scopes', approvedScopes: null });
    expect((await listMarketplace(t.db)).some((e) => e.id === view.id)).toBe(false);
    const audit = await t.db.selectFrom('audit_events').select('action').where('integration_id', '=', view.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['integration.submitted', 'integration.rejected']);
  });

  it('listIntegrations filters by partner and status', async () => {
    const view = await submit();
    const mine = await listIntegrations(t.db, { partnerId: t.partnerId, status: 'pending' });
    expect(mine.some((i) => i.id === view.id)).toBe(true);
    expect(mine.every((i) => i.partnerId === t.partnerId && i.status === 'pending')).toBe(true);
    expect(await listIntegrations(t.db, { partnerId: crypto.randomUUID() })).toEqual([]);
  });
});
