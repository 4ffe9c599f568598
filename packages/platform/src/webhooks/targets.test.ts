import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '../api/web/test-client.ts';
import { createUser } from '../domain/accounts.ts';
import { createPartner } from '../domain/integrations.ts';
import { DEMO_LOGINS, seedDemo } from '../seed.ts';
import { type IssuedTestKey, startTestPlatform, type TestPlatform } from '../testing.ts';
import { listDeliveries, WebhookDelivery } from './delivery.ts';
import { addressAllowed, type Resolver } from './targets.ts';

const STRICT = { allowPrivate: false };
const OPT_IN = { allowPrivate: true };

/** A receiver on every loopback spelling (dual-stack `::`) that counts TCP connections, whatever protocol follows. */
async function receiver(): Promise<{ port: number; connections: () => number; posts: string[]; server: Server }> {
  let connections = 0;
  const posts: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      posts.push(body);
      res.statusCode = 204;
      res.end();
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '::', r));
  return { port: (server.address() as AddressInfo).port, connections: () => connections, posts, server };
}

async function until(check: () => Promise<boolean>, ms = 8000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every way of writing "this machine" that the pen test used, plus IPv6 loopback and IPv4-mapped IPv6. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '2130706433', '0x7f.1', '127.1', '[::1]', '[::ffff:127.0.0.1]'];

describe('which addresses a webhook may reach', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['::1', 'IPv6 loopback'],
    ['fd12:3456::1', 'unique-local'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
  ])('%s (%s) only when the deployment allows private targets', (address) => {
    expect(addressAllowed(address, STRICT)).toBe(false);
    expect(addressAllowed(address, OPT_IN)).toBe(true);
  });

  it.each([
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd00:ec2::254', 'AWS metadata over IPv6'],
    ['100.100.100.200', 'Alibaba Cloud metadata'],
    ['0.0.0.0', 'unspecified (reaches this host on Linux)'],
    ['0.1.2.3', '0.0.0.0/8'],
    ['::', 'IPv6 unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'IPv6 multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.192', 'IETF protocol assignments (Oracle metadata)'],
    ['198.18.0.1', 'benchmarking'],
    ['::7f00:1', 'IPv4-compatible IPv6'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2001:db8::1', 'documentation'],
    ['not an address', 'garbage'],
  ])('%s (%s) never', (address) => {
    expect(addressAllowed(address, STRICT)).toBe(false);
    expect(addressAllowed(address, OPT_IN)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s (public) always', (address) => {
    expect(addressAllowed(address, STRICT)).toBe(true);
    expect(addressAllowed(address, OPT_IN)).toBe(true);
  });
});

describe('webhook delivery refuses private targets at send time (a real receiver on loopback)', () => {
  let rx: Awaited<ReturnType<typeof receiver>>;
  let strict: TestPlatform;
  let optIn: TestPlatform;
  beforeAll(async () => {
    rx = await receiver();
    [strict, optIn] = await Promise.all([
      startTestPlatform({ config: { webhookAllowPrivate: false } }),
      startTestPlatform({ config: { webhookAllowPrivate: true, webhookRetryScheduleS: [] } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([strict?.close(), optIn?.close()]);
    rx?.server.close();
  });

  it('default config: every loopback spelling, over http or https, is refused before any connection', async () => {
    const issued: IssuedTestKey[] = [];
    for (const host of LOOPBACK_HOSTS)
      for (const scheme of ['http', 'https']) issued.push(await strict.issueKey({ webhookUrl: `${scheme}://${host}:${rx.port}/hooks` }));
    const db = strict.database.db;
    await until(async () => (await Promise.all(issued.map((k) => listDeliveries(db, k.integrationId)))).every(([d]) => d?.attempts === 1));
    expect(rx.connections()).toBe(0);
    for (const k of issued) {
      const [d] = await listDeliveries(strict.database.db, k.integrationId);
      expect(d).toMatchObject({ eventType: 'installation.created', attempts: 1, lastResult: 'address_not_allowed' });
      expect(d?.lastResultMessage).toBe('failed: address not allowed');
    }
  });

  it('opt-in config (LATCHKEY_WEBHOOK_ALLOW_PRIVATE=1): the same spellings over http are delivered', async () => {
    const issued: IssuedTestKey[] = [];
    for (const host of LOOPBACK_HOSTS) issued.push(await optIn.issueKey({ webhookUrl: `http://${host}:${rx.port}/hooks` }));
    const db = optIn.database.db;
    await until(async () => (await Promise.all(issued.map((k) => listDeliveries(db, k.integrationId)))).every(([d]) => d?.attempts === 1));
    for (const k of issued) {
      const [d] = await listDeliveries(optIn.database.db, k.integrationId);
      expect(d).toMatchObject({ status: 'delivered', lastResult: 'delivered' });
    }
    expect(rx.posts.map((b) => JSON.parse(b).data.installationId).sort()).toEqual(issued.map((k) => k.installationId).sort());
  });

  it('partners learn the class of a failure, never the status code or error of what answered', async () => {
    const seeded = await seedDemo(strict.database.db);
    const partner = new WebClient(strict);
    await partner.login(DEMO_LOGINS.partner);
    const k = await strict.issueKey({ webhookUrl: `https://127.1:${rx.port}/hooks` });
    await strict.database.db.updateTable('integrations').set({ partner_id: seeded.partnerId }).where('id', '=', k.integrationId).execute();
    await strict.services.webhooks.tick();
    const res = await partner.get(`/partner/integrations/${k.integrationId}/deliveries`);
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({ lastResult: 'address_not_allowed', lastResultMessage: 'failed: address not allowed' });
    expect(Object.keys(res.body.data[0])).not.toContain('lastStatusCode');
    expect(Object.keys(res.body.data[0])).not.toContain('lastError');
  });

  it('submitting an http URL or a private IP literal is refused at once under the default config', async () => {
    const db = strict.database.db;
    const partnerId = await createPartner(db, { name: 'Hooks Inc', contactEmail: 'dev@hooks.test' });
    await createUser(db, { email: 'dev@hooks.test', name: 'Dev', password: 'hooks-pass-1', kind: 'partner', partnerId });
    const partner = new WebClient(strict);
    await partner.login('dev@hooks.test', 'hooks-pass-1');
    const entry = {
      description: 'x',
      supportEmail: 'help@hooks.test',
      features: [],
      requestedScopes: [{ scope: 'vendors:read', reason: 'r' }],
      connectUrl: 'https://hooks.test/connect',
    };
    const http = await partner.post('/partner/integrations', { ...entry, name: 'Hooks A', webhookUrl: 'http://hooks.test/in' });
    expect(http).toMatchObject({ status: 400, body: { message: 'webhookUrl must be an https URL' } });
    for (const host of ['2130706433', '0x7f.1', '[::ffff:127.0.0.1]', '169.254.169.254', '10.0.0.1']) {
      const res = await partner.post('/partner/integrations', { ...entry, name: `Hooks ${host}`, webhookUrl: `https://${host}/in` });
      expect(res, host).toMatchObject({ status: 400, body: { message: 'webhookUrl must point at a public address' } });
    }
    const creds = await partner.post('/partner/integrations', { ...entry, name: 'Hooks C', webhookUrl: 'https://u:p@hooks.test/in' });
    expect(creds.status).toBe(400);
    const ok = await partner.post('/partner/integrations', { ...entry, name: 'Hooks OK', webhookUrl: 'https://hooks.test/in' });
    expect(ok.status).toBe(201);
  });
  it('a host name is resolved once and the connection goes to the vetted answer; any disallowed answer refuses the host', async () => {
    // Only the deliveries constructed here run from now on.
    await Promise.all([strict.services.stop(), optIn.services.stop()]);
    const db = strict.database.db;
    const calls: string[] = [];
    const resolver =
      (answers: string[]): Resolver =>
      async (host) => {
        calls.push(host);
        return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      };
    // Public and private answers mixed (a rebinding set-up): refused, nothing sent.
    const connections = rx.connections();
    const mixed = await strict.issueKey({ webhookUrl: `https://hooks.partner.test:${rx.port}/hooks` });
    await new WebhookDelivery(db, { retryScheduleS: [], policy: STRICT, resolve: resolver(['93.184.215.14', '127.0.0.1']) }).tick();
    expect((await listDeliveries(db, mixed.integrationId))[0]?.lastResult).toBe('address_not_allowed');
    expect(rx.connections()).toBe(connections);

    // Where private targets are allowed, a name that does not exist in DNS reaches the receiver: the socket used
    // the address the vetting lookup returned, not an answer of its own.
    const before = rx.posts.length;
    const pinned = await optIn.issueKey({ webhookUrl: `http://hooks.partner.test:${rx.port}/hooks` });
    calls.length = 0;
    await new WebhookDelivery(optIn.database.db, { retryScheduleS: [], policy: OPT_IN, resolve: resolver(['127.0.0.1']) }).tick();
    expect((await listDeliveries(optIn.database.db, pinned.integrationId))[0]?.lastResult).toBe('delivered');
    expect(calls).toEqual(['hooks.partner.test']);
    expect(rx.posts.length).toBe(before + 1);
  });
});
