import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../domain/context.ts';
import { reviewIntegration } from '../../domain/integrations.ts';
import { DEMO_LOGINS, seedDemo } from '../../seed.ts';
import { startTestPlatform, type TestPlatform } from '../../testing.ts';
import { WebClient } from './test-client.ts';

/** A webhook receiver answering the scripted status codes in order, then 204. */
async function receiver(answers: number[]): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, server, hits: () => hits };
}

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() - start > ms) throw new Error(`condition not met in time; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('partner portal: webhook deliveries per integration (web API)', () => {
  let p: TestPlatform;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let partner: WebClient;
  let integrationId: string;

  beforeAll(async () => {
    rx = await receiver([500]);
    p = await startTestPlatform({ config: { webhookRetryScheduleS: [0.1, 0.1] } });
    await seedDemo(p.database.db);
    partner = new WebClient(p);
    const signup = await partner.post('/signup/partner', {
      partnerName: 'Hooky',
      name: 'Hal Hook',
      email: 'hal@hooky.test',
      password: 'hooky-pass-1',
    });
    partner.csrfToken = signup.body.csrfToken;
    const submitted = await partner.post('/partner/integrations', {
      name: 'Hooky Books',
      description: 'Listens to lifecycle webhooks.',
      supportEmail: 'help@hooky.test',
      features: [],
      requestedScopes: [{ scope: 'export-items:read', reason: 'Read expenses' }],
      connectUrl: 'https://hooky.test/connect',
      webhookUrl: rx.url,
    });
    integrationId = submitted.body.id;
    await reviewIntegration(p.database.db, CLI_ACTOR, integrationId, { decision: 'approve', approvedScopes: ['export-items:read'] });
  });
  afterAll(async () => {
    await p?.close();
    rx?.server.close();
  });

  it('none before any event; then each event with its status, attempts, last answer and next retry, newest first', async () => {
    const empty = await partner.get(`/partner/integrations/${integrationId}/deliveries`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ data: [] });

    const installed = await p.services.installations.install(CLI_ACTOR, { integrationId, companyId: p.companyA });
    // First attempt answered 500: pending, one attempt, a retry scheduled.
    const failedOnce = await until(
      () => partner.get(`/partner/integrations/${integrationId}/deliveries`),
      (r) => r.body.data[0]?.attempts >= 1,
    );
    const first = failedOnce.body.data[0];
    expect(first).toMatchObject({
      eventType: 'installation.created',
      attempts: 1,
      lastResult: 'endpoint_refused',
      lastResultMessage: 'failed: endpoint refused',
    });
    if (first.status === 'pending') expect(Date.parse(first.nextAttemptAt)).not.toBeNaN();

    // The retry succeeds.
    const delivered = await until(
      () => partner.get(`/partner/integrations/${integrationId}/deliveries`),
      (r) => r.body.data[0]?.status === 'delivered',
    );
    expect(delivered.body.data[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastResult: 'delivered',
      lastResultMessage: 'delivered',
      nextAttemptAt: null,
    });
    expect(Date.parse(delivered.body.data[0].deliveredAt)).not.toBeNaN();

    await p.services.installations.uninstall(CLI_ACTOR, { installationId: installed.installation.id });
    const both = await until(
      () => partner.get(`/partner/integrations/${integrationId}/deliveries?limit=10`),
      (r) => r.body.data.length === 2 && r.body.data[0].status === 'delivered',
    );
    expect(both.body.data.map((d: { eventType: string }) => d.eventType)).toEqual(['installation.deleted', 'installation.created']);
    // Never a key, a secret or the payload.
    const text = JSON.stringify(both.body);
    expect(text).not.toContain(installed.key);
    expect(text).not.toMatch(/whsec_|payload|HTTP 5|"50\d"|lastStatusCode|lastError/);
    expect((await partner.get(`/partner/integrations/${integrationId}/deliveries?limit=1`)).body.data).toHaveLength(1);
  });

  it("only the owning partner: another partner, a company admin, staff and strangers don't see them", async () => {
    const other = new WebClient(p);
    await other.login(DEMO_LOGINS.partner);
    expect((await other.get(`/partner/integrations/${integrationId}/deliveries`)).status).toBe(404);
    expect((await partner.get('/partner/integrations/00000000-0000-7000-8000-000000000000/deliveries')).status).toBe(404);
    const admin = new WebClient(p);
    await admin.login(DEMO_LOGINS.admin);
    expect((await admin.get(`/partner/integrations/${integrationId}/deliveries`)).status).toBe(403);
    const staff = new WebClient(p);
    await staff.login(DEMO_LOGINS.staff);
    expect((await staff.get(`/partner/integrations/${integrationId}/deliveries`)).status).toBe(403);
    expect((await new WebClient(p).get(`/partner/integrations/${integrationId}/deliveries`)).status).toBe(401);
    expect((await partner.get(`/partner/integrations/${integrationId}/deliveries?limit=0`)).status).toBe(400);
  });
});
