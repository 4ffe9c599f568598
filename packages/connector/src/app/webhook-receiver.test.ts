import { randomBytes, randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 8_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('webhook receiver POST /webhooks/latchkey', () => {
  let p: TestPlatform;
  let app: TestApp;
  let hook: string;

  beforeAll(async () => {
    p = await startTestPlatform({ config: { webhookRetryScheduleS: [1, 1, 1] } });
    app = await startTestApp({ platformBaseUrl: p.url });
    hook = `${app.url}/webhooks/latchkey`;
  });
  afterAll(async () => {
    await app?.close();
    await p?.close();
  });

  const secretOf = async (integrationId: string) =>
    (await p.database.db.selectFrom('integrations').select('webhook_secret').where('id', '=', integrationId).executeTakeFirstOrThrow())
      .webhook_secret;

  const delivered = (integrationId: string, type: string, n = 1) =>
    until(`${type} delivered`, async () => {
      const rows = await p.database.db
        .selectFrom('webhook_deliveries')
        .select(['status', 'last_status_code'])
        .where('integration_id', '=', integrationId)
        .where('event_type', '=', type)
        .execute();
      return rows.filter((r) => r.status === 'delivered').length >= n && rows;
    });

  /** A tenant connected with a fresh key of an integration whose webhooks come to this app. */
  async function connected() {
    const issued = await p.issueKey({ webhookUrl: hook });
    app.setWebhookSecret(await secretOf(issued.integrationId));
    const t = await app.tenant(`Tenant ${randomBytes(2).toString('hex')}`);
    const r = await app.connector.connections.connect(t.tenantId, issued.key);
    if (!r.ok) throw new Error(r.message);
    await delivered(issued.integrationId, 'installation.created');
    return { issued, tenantId: t.tenantId, id: r.connection.id };
  }

  const state = async (id: string) => (await app.connector.connections.getById(id))!;

  it('key_regenerated (a real delivery from the platform) → needs_reconnect at once', async () => {
    const { issued, id } = await connected();
    await p.regenerateKey(issued.key, 0);
    const after = await until('needs_reconnect', async () => {
      const c = await state(id);
      return c.state === 'needs_reconnect' && c;
    });
    expect(after.lastErrorClass).toBe('invalid_key');
    expect(after.lastErrorMessage).toContain('regenerated');
    const rows = await delivered(issued.integrationId, 'installation.key_regenerated');
    expect(rows.some((r) => r.last_status_code === 200)).toBe(true);
  });

  it('key_revoked of an old rotated key leaves the working connection alone; revoking the stored key → needs_reconnect', async () => {
    const { issued, tenantId, id } = await connected();
    const second = await p.regenerateKey(issued.key, 3600);
    await delivered(issued.integrationId, 'installation.key_regenerated');
    const r = await app.connector.connections.replaceKey(tenantId, id, second);
    expect(r.ok && r.connection.state).toBe('connected');

    await p.revokeKey(issued.key);
    await delivered(issued.integrationId, 'installation.key_revoked');
    expect((await state(id)).state).toBe('connected');

    await p.revokeKey(second);
    await delivered(issued.integrationId, 'installation.key_revoked', 2);
    expect(await state(id)).toMatchObject({ state: 'needs_reconnect', lastErrorClass: 'invalid_key' });
  });

  it('a regenerate webhook arriving after the customer already pasted the new key does not break the connection', async () => {
    const { issued, tenantId, id } = await connected();
    app.setWebhookSecret(null); // hold deliveries back (503, retried)
    const second = await p.regenerateKey(issued.key, 3600);
    const r = await app.connector.connections.replaceKey(tenantId, id, second);
    expect(r.ok).toBe(true);
    app.setWebhookSecret(await secretOf(issued.integrationId));
    await delivered(issued.integrationId, 'installation.key_regenerated');
    expect((await state(id)).state).toBe('connected');
  });

  it('installation.deleted → uninstalled and the stored key deleted', async () => {
    const { issued, id } = await connected();
    await p.uninstall(issued.key);
    const after = await until('uninstalled', async () => {
      const c = await state(id);
      return c.state === 'uninstalled' && c;
    });
    expect(after.hasKey).toBe(false);
    expect(after.keyMask).toBeNull();
  });

  describe('refused with 401 and nothing changes', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    let id: string;
    let body: string;

    beforeAll(async () => {
      const c = await connected();
      id = c.id;
      app.setWebhookSecret(secret);
      body = JSON.stringify({
        eventType: 'installation.deleted',
        eventId: randomUUID(),
        data: {
          installationId: c.issued.installationId,
          companyId: c.issued.companyId,
          resource: `urn:pleo:company:${c.issued.companyId}`,
        },
      });
    });

    const send = (headers: Record<string, string>, payload = body) =>
      fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    const signed = (msgId: string, at: Date, withSecret = secret, payload = body) => ({
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(withSecret).sign(msgId, at, payload),
    });
    const msg = () => `msg_${randomBytes(8).toString('hex')}`;

    it('bad signature, missing headers, tampered body, stale or future timestamp', async () => {
      const other = `whsec_${randomBytes(32).toString('base64')}`;
      const cases: [string, Record<string, string>, string?][] = [
        ['signed with another secret', signed(msg(), new Date(), other)],
        ['no headers', {}],
        ['no signature', { ...signed(msg(), new Date()), 'webhook-signature': '' }],
        ['garbage signature', { ...signed(msg(), new Date()), 'webhook-signature': 'v1,AAAA' }],
        ['tampered body', signed(msg(), new Date()), body.replace('installation.deleted', 'installation.created')],
        ['ten minutes old', signed(msg(), new Date(Date.now() - 10 * 60_000))],
        ['ten minutes ahead', signed(msg(), new Date(Date.now() + 10 * 60_000))],
      ];
      for (const [name, headers, payload] of cases) {
        const res = await send(headers, payload);
        expect(res.status, name).toBe(401);
        expect(await res.json(), name).toMatchObject({ type: 'UNAUTHORIZED' });
      }
      expect((await state(id)).state).toBe('connected');
    });

    it('a replayed webhook-id is refused after the first delivery was applied', async () => {
      const created = JSON.stringify({ eventType: 'installation.created', eventId: randomUUID(), data: {} });
      const headers = signed(msg(), new Date(), secret, created);
      expect((await send(headers, created)).status).toBe(200);
      const replay = await send(headers, created);
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({ type: 'UNAUTHORIZED', message: expect.stringContaining('already received') });

      // A valid, fresh delivery is applied exactly once.
      const headers2 = signed(msg(), new Date());
      const ok = await send(headers2);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ received: true, type: 'installation.deleted', affected: 1 });
      expect((await state(id)).state).toBe('uninstalled');
      expect((await send(headers2)).status).toBe(401);
    });

    it('10 concurrent copies of one delivery are processed exactly once (the receipt is inserted first)', async () => {
      // An event whose reaction reads the database, so the copies overlap while it is applied.
      const companyId = randomUUID();
      const deleted = JSON.stringify({
        eventType: 'installation.deleted',
        eventId: randomUUID(),
        data: { installationId: randomUUID(), companyId, resource: `urn:pleo:company:${companyId}` },
      });
      const headers = signed(msg(), new Date(), secret, deleted);
      const answers = await Promise.all(Array.from({ length: 10 }, () => send(headers, deleted)));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    });

    it('no secret configured → 503, never accepted unverified', async () => {
      app.setWebhookSecret(null);
      const res = await send(signed(msg(), new Date()));
      expect(res.status).toBe(503);
      app.setWebhookSecret(secret);
    });
  });
});
