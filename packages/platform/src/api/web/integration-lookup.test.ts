import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../domain/accounts.ts';
import { createPartner } from '../../domain/integrations.ts';
import { DEMO_LOGINS, seedDemo } from '../../seed.ts';
import { startTestPlatform, type TestPlatform } from '../../testing.ts';
import { nowIso } from '../../util/ids.ts';
import { WebClient } from './test-client.ts';

const RIVAL = {
  description: 'Wants your installs.',
  supportEmail: 'help@rival.test',
  features: [],
  requestedScopes: [{ scope: 'vendors:write', reason: 'Create suppliers' }],
  connectUrl: 'https://rival.test/connect',
};

describe('integrations are named by id only: a rival named after Ledgerly cannot capture its installs', () => {
  let p: TestPlatform;
  let ledgerlyId: string;
  let rival: WebClient;
  let rivalHooks: Server;
  let rivalHits = 0;

  beforeAll(async () => {
    p = await startTestPlatform();
    ledgerlyId = (await seedDemo(p.database.db)).integrationId;
    rivalHooks = createServer((req, res) => {
      rivalHits++;
      req.resume();
      res.end();
    });
    await new Promise<void>((r) => rivalHooks.listen(0, '127.0.0.1', r));
    const partnerId = await createPartner(p.database.db, { name: 'Rival', contactEmail: 'eve@rival.test' });
    await createUser(p.database.db, { email: 'eve@rival.test', name: 'Eve', password: 'rival-pass-1', kind: 'partner', partnerId });
    rival = new WebClient(p);
    await rival.login('eve@rival.test', 'rival-pass-1');
  });
  afterAll(async () => {
    await p?.close();
    rivalHooks?.close();
  });

  it('even a rival row named and slugged after Ledgerly’s id (older than it) changes nothing: install, review and the webhook go to Ledgerly', async () => {
    const db = p.database.db;
    const ledgerly = await db.selectFrom('integrations').selectAll().where('id', '=', ledgerlyId).executeTakeFirstOrThrow();
    // Planted below the validation layer, as a row from before it existed could be.
    await db
      .insertInto('integrations')
      .values({
        ...ledgerly,
        id: '00000000-0000-4000-8000-000000000001',
        client_id: '00000000-0000-4000-8000-000000000002',
        partner_id: (await db.selectFrom('partners').select('id').where('name', '=', 'Rival').executeTakeFirstOrThrow()).id,
        name: ledgerlyId,
        slug: ledgerlyId,
        connect_url: 'https://rival.test/connect',
        webhook_url: `http://127.0.0.1:${(rivalHooks.address() as AddressInfo).port}/steal`,
        created_at: '2000-01-01T00:00:00.000Z',
        updated_at: nowIso(),
      })
      .execute();

    const admin = new WebClient(p);
    await admin.login(DEMO_LOGINS.admin);
    const installed = await admin.post('/installations', { integrationId: ledgerlyId, password: 'latchkey-demo' });
    expect(installed.status).toBe(201);
    expect(installed.body.integration).toMatchObject({ id: ledgerlyId, name: 'Ledgerly', connectUrl: ledgerly.connect_url });
    const row = await db
      .selectFrom('installations')
      .select('integration_id')
      .where('id', '=', installed.body.installation.id)
      .executeTakeFirst();
    expect(row?.integration_id).toBe(ledgerlyId);

    const staff = new WebClient(p);
    await staff.login(DEMO_LOGINS.staff);
    const reviewed = await staff.post(`/staff/integrations/${ledgerlyId}/review`, { decision: 'reject', reason: 'test' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ id: ledgerlyId, name: 'Ledgerly' });
    await p.services.webhooks.tick();
    expect(rivalHits).toBe(0);
  });
  it('a name shaped like an id (any case, with or without hyphens or braces) is refused', async () => {
    for (const name of [
      ledgerlyId,
      ledgerlyId.toUpperCase(),
      ledgerlyId.replaceAll('-', ''),
      `{${ledgerlyId}}`,
      ledgerlyId.replaceAll('-', ' '),
    ]) {
      const res = await rival.post('/partner/integrations', { ...RIVAL, name });
      expect(res.status, name).toBe(400);
      expect(res.body.message).toMatch(/must not look like an id/);
    }
  });

  it('names are unique case-insensitively', async () => {
    const res = await rival.post('/partner/integrations', { ...RIVAL, name: 'LEDGERLY' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/LEDGERLY.*exists/);
    expect((await rival.post('/partner/integrations', { ...RIVAL, name: ' ledgerly ' })).status).toBe(409);
  });
});
