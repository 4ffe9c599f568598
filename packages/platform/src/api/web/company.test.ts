import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../../seed.ts';
import { basicAuth, startTestPlatform, type TestPlatform } from '../../testing.ts';
import { leakSurfaces, WebClient } from './test-client.ts';

describe('company side (web API): marketplace, install, Settings → API Keys, audit', () => {
  let p: TestPlatform;
  let integrationId: string;
  let admin: WebClient;
  let bookkeeper: WebClient;
  let globex: WebClient;
  const issued: string[] = [];
  let installationId: string;
  const me = (key: string) => fetch(`${p.url}/v1/installations/me`, { headers: { authorization: basicAuth(key) } });

  beforeAll(async () => {
    p = await startTestPlatform();
    integrationId = (await seedDemo(p.database.db)).integrationId;
    admin = new WebClient(p);
    await admin.login(DEMO_LOGINS.admin);
    bookkeeper = new WebClient(p);
    await bookkeeper.login(DEMO_LOGINS.bookkeeper);
    globex = new WebClient(p);
    await globex.login(DEMO_LOGINS.otherOwner);
  });
  afterAll(async () => p.close());

  it('the marketplace says who may install', async () => {
    const m = await bookkeeper.get('/marketplace');
    expect(m.status).toBe(200);
    expect(m.body.canInstall).toBe(false);
    expect(m.body.installers).toEqual([
      { name: 'Olivia Owner', email: DEMO_LOGINS.owner, role: 'owner' },
      { name: 'Adam Admin', email: DEMO_LOGINS.admin, role: 'admin' },
    ]);
    expect((await admin.get('/marketplace')).body.canInstall).toBe(true);
  });

  it('a bookkeeper is refused with a 403 naming who can, and the refusal is audited', async () => {
    const res = await bookkeeper.post('/installations', { integrationId, password: DEMO_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('INSTALL_NOT_ALLOWED');
    expect(res.body.message).toBe(
      'Only an owner or admin can do this; your role is bookkeeper. Ask Olivia Owner (owner@acme.test) or Adam Admin (admin@acme.test).',
    );
    const event = await p.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'installation.create.refused')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_label: 'Bea Bookkeeper (bookkeeper@acme.test)', ip: '127.0.0.1', integration_id: integrationId });
    expect((await bookkeeper.get('/keys')).status).toBe(403);
    expect((await bookkeeper.get('/audit')).status).toBe(403);
  });

  it('staff and partners cannot install', async () => {
    const staff = new WebClient(p);
    await staff.login(DEMO_LOGINS.staff);
    expect((await staff.post('/installations', { integrationId, password: DEMO_PASSWORD })).status).toBe(403);
  });

  it('an admin must re-enter the password: none → REAUTH_REQUIRED, wrong → WRONG_PASSWORD, nothing installed', async () => {
    const none = await admin.post('/installations', { integrationId });
    expect(none.status).toBe(403);
    expect(none.body.type).toBe('REAUTH_REQUIRED');
    const wrong = await admin.post('/installations', { integrationId, password: 'wrong-password' });
    expect(wrong.body.type).toBe('WRONG_PASSWORD');
    expect((await admin.get('/installations')).body.data).toEqual([]);
  });

  it('installing unknown or unapproved integrations is a 404', async () => {
    const pending = await p.database.db.selectFrom('integrations').select('id').where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect((await admin.post('/installations', { integrationId: pending.id, password: DEMO_PASSWORD })).status).toBe(404);
    expect((await admin.post('/installations', { integrationId: 'nope', password: DEMO_PASSWORD })).status).toBe(404);
  });

  it('install with the password returns the key once (no-store); the key works; listings show only its hint', async () => {
    const res = await admin.post('/installations', { integrationId, password: DEMO_PASSWORD });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.key).toMatch(/^lk_live_/);
    expect(res.body.keyHint).toBe(`lk_live_…${res.body.key.slice(-4)}`);
    expect(res.body.installation.status).toBe('PENDING_INTEGRATION');
    expect(res.body.integration).toEqual({ id: integrationId, name: 'Ledgerly', connectUrl: 'http://127.0.0.1:4100/connect' });
    expect(Date.parse(res.body.reauthFreshUntil)).toBeGreaterThan(Date.now());
    issued.push(res.body.key);
    installationId = res.body.installation.id;
    expect((await me(res.body.key)).status).toBe(200);

    const keys = await admin.get('/keys');
    expect(keys.body.data).toHaveLength(1);
    expect(keys.body.data[0]).toMatchObject({
      hint: res.body.keyHint,
      createdBy: 'Adam Admin (admin@acme.test)',
      status: 'active',
      installation: { id: installationId, status: 'PENDING_INTEGRATION' },
      integration: { name: 'Ledgerly' },
    });
    const market = await admin.get('/marketplace');
    expect(market.body.data[0].installation).toEqual({ id: installationId, status: 'PENDING_INTEGRATION', errorCode: null });
    for (const r of [keys, market, await admin.get('/installations'), await admin.get('/audit')])
      expect(JSON.stringify(r.body)).not.toContain(res.body.key);
  });

  it('a second install of the same integration is a 409', async () => {
    expect((await admin.post('/installations', { integrationId, password: DEMO_PASSWORD })).status).toBe(409);
  });

  it('installation status follows the integration (inactive with its error code)', async () => {
    await fetch(`${p.url}/v1/installations/me`, {
      method: 'PUT',
      headers: { authorization: basicAuth(issued[0]!), 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'INACTIVE', errorCode: 'AUTH_ERROR' }),
    });
    const list = await admin.get('/installations');
    expect(list.body.data[0]).toMatchObject({
      id: installationId,
      status: 'INACTIVE',
      errorCode: 'AUTH_ERROR',
      integrationName: 'Ledgerly',
    });
    expect((await admin.get('/keys')).body.data[0].installation).toMatchObject({ status: 'INACTIVE', errorCode: 'AUTH_ERROR' });
  });

  it('regenerate: only the offered grace windows; with a fresh re-auth no password; 1 hour keeps both keys working', async () => {
    expect((await admin.post(`/installations/${installationId}/regenerate`, { graceSeconds: 1800 })).status).toBe(400);
    const res = await admin.post(`/installations/${installationId}/regenerate`, { graceSeconds: 3600 });
    expect(res.status).toBe(200);
    expect(res.body.key).toMatch(/^lk_live_/);
    issued.push(res.body.key);
    expect((await me(issued[0]!)).status).toBe(200);
    expect((await me(issued[1]!)).status).toBe(200);
    const keys = (await admin.get('/keys')).body.data;
    expect(keys.map((k: { status: string }) => k.status).sort()).toEqual(['active', 'expiring']);
    const old = keys.find((k: { status: string }) => k.status === 'expiring');
    expect(Date.parse(old.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
  });

  it('regenerate needs a fresh re-auth: a stale one asks for the password again', async () => {
    await p.database.db.updateTable('sessions').set({ reauth_at: '2000-01-01T00:00:00.000Z' }).execute();
    const stale = await admin.post(`/installations/${installationId}/regenerate`, { graceSeconds: 0 });
    expect(stale.body.type).toBe('REAUTH_REQUIRED');
    expect(
      (await bookkeeper.post(`/installations/${installationId}/regenerate`, { graceSeconds: 0, password: DEMO_PASSWORD })).status,
    ).toBe(403);
  });

  it("another company's owner cannot see, revoke, regenerate or uninstall Acme's keys (404)", async () => {
    expect((await globex.get('/keys')).body.data).toEqual([]);
    const keyId = (await admin.get('/keys')).body.data[0].id;
    expect((await globex.post(`/keys/${keyId}/revoke`)).status).toBe(404);
    expect((await globex.post(`/installations/${installationId}/regenerate`, { graceSeconds: 0, password: DEMO_PASSWORD })).status).toBe(
      404,
    );
    expect((await globex.del(`/installations/${installationId}`)).status).toBe(404);
    expect((await me(issued[0]!)).status).toBe(200);
  });

  it('revoke: the old key fails at once with 401, the new one keeps working', async () => {
    const keys = (await admin.get('/keys')).body.data;
    const old = keys.find((k: { status: string }) => k.status === 'expiring');
    expect((await bookkeeper.post(`/keys/${old.id}/revoke`)).status).toBe(403);
    const res = await admin.post(`/keys/${old.id}/revoke`);
    expect(res.status).toBe(204);
    expect((await me(issued[0]!)).status).toBe(401);
    expect((await me(issued[1]!)).status).toBe(200);
  });

  it('uninstall: every key fails with 401, and the company has no keys left', async () => {
    const res = await admin.del(`/installations/${installationId}`);
    expect(res.status).toBe(204);
    expect((await me(issued[1]!)).status).toBe(401);
    expect((await admin.get('/keys')).body.data).toEqual([]);
    expect((await admin.get('/installations')).body.data).toEqual([]);
    expect((await admin.get('/marketplace')).body.data[0].installation).toBeNull();
  });

  it("the audit log: a company admin sees only the company's events, with who, what, when and IP", async () => {
    const res = await admin.get('/audit?limit=100');
    expect(res.status).toBe(200);
    const events = res.body.data as {
      action: string;
      companyName: string | null;
      ip: string | null;
      actor: { label: string };
      integrationName: string;
    }[];
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'installation.created',
        'key.regenerated',
        'key.revoked',
        'installation.deleted',
        'installation.create.refused',
      ]),
    );
    expect(events.every((e) => e.companyName === 'Acme ApS')).toBe(true);
    expect(actions).not.toContain('integration.approved'); // platform-level decisions are staff-only
    const created = events.find((e) => e.action === 'installation.created')!;
    expect(created).toMatchObject({ ip: '127.0.0.1', actor: { label: 'Adam Admin (admin@acme.test)' }, integrationName: 'Ledgerly' });
    expect((await globex.get('/audit')).body.data.every((e: { companyName: string }) => e.companyName === 'Globex GmbH')).toBe(true);
    const page1 = await admin.get('/audit?limit=2');
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.hasMore).toBe(true);
  });

  it('no issued key appears in the logs, the audit table or the sessions table', async () => {
    const surfaces = await leakSurfaces(p);
    expect(issued).toHaveLength(2);
    for (const key of issued) expect(surfaces).not.toContain(key);
  });
});
