import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, seedDemo } from '../../seed.ts';
import { startTestPlatform, type TestPlatform } from '../../testing.ts';
import { WebClient } from './test-client.ts';

const ENTRY = {
  name: 'Fabrikam Ledger',
  description: 'Posts expenses to Fabrikam.',
  logoUrl: 'https://fabrikam.test/logo.png',
  brandColor: null,
  supportEmail: 'help@fabrikam.test',
  supportUrl: 'https://fabrikam.test/help',
  features: ['Nightly export', 'VAT mapping'],
  requestedScopes: [
    { scope: 'export-items:read', reason: 'Read expenses' },
    { scope: 'export-jobs:write', reason: 'Mark them exported' },
    { scope: 'vendors:write', reason: 'Create suppliers' },
  ],
  connectUrl: 'https://fabrikam.test/connect',
  webhookUrl: 'https://fabrikam.test/hooks',
};

describe('partner portal and staff review (web API)', () => {
  let p: TestPlatform;
  const partner = () => new WebClient(p);
  let fabrikam: WebClient;
  let staff: WebClient;
  let admin: WebClient;
  let integrationId: string;

  beforeAll(async () => {
    p = await startTestPlatform();
    await seedDemo(p.database.db);
    fabrikam = partner();
    const signup = await fabrikam.post('/signup/partner', {
      partnerName: 'Fabrikam',
      name: 'Fay Fab',
      email: 'fay@fabrikam.test',
      password: 'fabrikam-pass',
    });
    fabrikam.csrfToken = signup.body.csrfToken;
    staff = new WebClient(p);
    await staff.login(DEMO_LOGINS.staff);
    admin = new WebClient(p);
    await admin.login(DEMO_LOGINS.admin);
  });
  afterAll(async () => p.close());

  it('a partner submits every marketplace field; it is pending and listed as theirs', async () => {
    const res = await fabrikam.post('/partner/integrations', ENTRY);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: ENTRY.name,
      status: 'pending',
      logoUrl: ENTRY.logoUrl,
      supportUrl: ENTRY.supportUrl,
      features: ENTRY.features,
      requestedScopes: ENTRY.requestedScopes,
      connectUrl: ENTRY.connectUrl,
      webhookUrl: ENTRY.webhookUrl,
      approvedScopes: null,
    });
    integrationId = res.body.id;
    const mine = await fabrikam.get('/partner/integrations');
    expect(mine.body.data.map((i: { id: string }) => i.id)).toEqual([integrationId]);
    const detail = await fabrikam.get(`/partner/integrations/${integrationId}`);
    expect(detail.body.webhookSecret).toMatch(/^whsec_/);
  });

  it("another partner cannot see it, and the list hides other partners' integrations", async () => {
    const ledgerly = new WebClient(p);
    await ledgerly.login(DEMO_LOGINS.partner);
    expect((await ledgerly.get(`/partner/integrations/${integrationId}`)).status).toBe(404);
    const names = (await ledgerly.get('/partner/integrations')).body.data.map((i: { name: string }) => i.name);
    expect(names).not.toContain(ENTRY.name);
  });

  it('invalid submissions are refused with a clear message', async () => {
    const noScopes = await fabrikam.post('/partner/integrations', { ...ENTRY, requestedScopes: [] });
    expect(noScopes.status).toBe(400);
    const unknown = await fabrikam.post('/partner/integrations', { ...ENTRY, requestedScopes: [{ scope: 'payroll:write', reason: 'x' }] });
    expect(unknown.status).toBe(400);
    const noReason = await fabrikam.post('/partner/integrations', { ...ENTRY, requestedScopes: [{ scope: 'users:read', reason: ' ' }] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason for users:read');
    const badUrl = await fabrikam.post('/partner/integrations', { ...ENTRY, connectUrl: 'javascript:alert(1)' });
    expect(badUrl.status).toBe(400);
  });

  it('only partners use the partner portal, only staff the review queue', async () => {
    expect((await admin.get('/partner/integrations')).body.type).toBe('WRONG_ACCOUNT_KIND');
    expect((await fabrikam.get('/staff/integrations')).status).toBe(403);
    expect(
      (await admin.post(`/staff/integrations/${integrationId}/review`, { decision: 'approve', approvedScopes: ['export-items:read'] }))
        .status,
    ).toBe(403);
    expect(
      (await fabrikam.post(`/staff/integrations/${integrationId}/review`, { decision: 'approve', approvedScopes: ['export-items:read'] }))
        .status,
    ).toBe(403);
  });

  it('pending integrations are not in the marketplace', async () => {
    const names = (await admin.get('/marketplace')).body.data.map((i: { name: string }) => i.name);
    expect(names).toEqual(['Ledgerly']);
  });

  it('staff see the queue with the partner, and cannot grant scopes that were not requested', async () => {
    const queue = await staff.get('/staff/integrations?status=pending');
    const item = queue.body.data.find((i: { id: string }) => i.id === integrationId);
    expect(item).toMatchObject({ partnerName: 'Fabrikam', partnerEmail: 'fay@fabrikam.test', status: 'pending' });
    const beyond = await staff.post(`/staff/integrations/${integrationId}/review`, {
      decision: 'approve',
      approvedScopes: ['export-items:read', 'users:read'],
    });
    expect(beyond.status).toBe(400);
    expect(beyond.body.message).toContain('users:read');
    const none = await staff.post(`/staff/integrations/${integrationId}/review`, { decision: 'approve', approvedScopes: [] });
    expect(none.status).toBe(400);
    const rejectNoReason = await staff.post(`/staff/integrations/${integrationId}/review`, { decision: 'reject' });
    expect(rejectNoReason.status).toBe(400);
  });

  it('a rejection carries its reason to the partner, and is audited with who and IP', async () => {
    const rej = await staff.post(`/staff/integrations/${integrationId}/review`, {
      decision: 'reject',
      reason: 'Support URL is unreachable.',
    });
    expect(rej.status).toBe(200);
    expect(rej.body).toMatchObject({ status: 'rejected', reviewReason: 'Support URL is unreachable.' });
    const mine = (await fabrikam.get('/partner/integrations')).body.data[0];
    expect(mine).toMatchObject({ status: 'rejected', reviewReason: 'Support URL is unreachable.' });
    const event = await p.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'integration.rejected')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      actor_type: 'user',
      actor_label: 'Sam Staff (staff@latchkey.test)',
      ip: '127.0.0.1',
      integration_id: integrationId,
    });
  });

  it('approval narrows the scopes; the integration then appears in the marketplace with only those', async () => {
    const ok = await staff.post(`/staff/integrations/${integrationId}/review`, {
      decision: 'approve',
      approvedScopes: ['export-jobs:write', 'export-items:read'],
      reason: 'Fixed support URL.',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', approvedScopes: ['export-items:read', 'export-jobs:write'] });
    const approved = await staff.get('/staff/integrations?status=approved');
    expect(approved.body.data.map((i: { name: string }) => i.name)).toContain(ENTRY.name);
    const market = await admin.get('/marketplace');
    const entry = market.body.data.find((i: { id: string }) => i.id === integrationId);
    expect(entry).toMatchObject({
      name: ENTRY.name,
      scopes: ['export-items:read', 'export-jobs:write'],
      partnerName: 'Fabrikam',
      installation: null,
    });
    expect(entry).not.toHaveProperty('webhookUrl');
    expect(JSON.stringify(market.body)).not.toContain('whsec_');
    const event = await p.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'integration.approved')
      .where('integration_id', '=', integrationId)
      .executeTakeFirstOrThrow();
    expect(event.ip).toBe('127.0.0.1');
    expect(JSON.parse(event.details)).toMatchObject({ approvedScopes: ['export-items:read', 'export-jobs:write'] });
  });

  it('the audit log: staff see every event, partners none', async () => {
    const all = await staff.get('/audit?limit=200');
    expect(all.status).toBe(200);
    const actions = all.body.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['integration.approved', 'integration.rejected', 'integration.submitted', 'partner.signed_up']),
    );
    expect((await fabrikam.get('/audit')).status).toBe(403);
  });
});
