import { generateKey, keyHint } from '@latchkey/keys';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support.ts';

/** Every form a key could be written in: as is, base64 of `key:` (a Basic credential), base64url. */
const forms = (key: string) => [key, Buffer.from(`${key}:`).toString('base64'), Buffer.from(key).toString('base64url')];

describe('no key in any log line, error or connection event of the connector app', () => {
  let p: TestPlatform;
  let app: TestApp;
  const lines: string[] = [];
  const capture = (level: string) => (obj: object, msg?: string) => {
    lines.push(JSON.stringify({ level, msg, ...obj }));
  };
  const secret = `whsec_${Buffer.from('a webhook secret for the leak test').toString('base64')}`;
  beforeAll(async () => {
    p = await startTestPlatform();
    app = await startTestApp({
      platformBaseUrl: p.url,
      webhookSecret: secret,
      logger: { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') },
    });
  });
  afterAll(async () => {
    await app?.close();
    await p?.close();
  });

  it('keys in query strings, paths, bodies, odd headers, connect failures and logged errors are masked to their hint', async () => {
    const revoked = (await p.issueKey()).key;
    await p.revokeKey(revoked);
    const keys = [(await p.issueKey()).key, revoked, generateKey()];
    const answers: string[] = [];
    for (const key of keys) {
      const b64 = Buffer.from(`${key}:`).toString('base64');
      const user = await app.tenant(`Leak ${key.slice(-4)}`);
      const c = app.client();
      await c.login(key, key);
      await c.login(user.email);
      const headers = { 'x-api-key': key, referer: `https://evil.test/?k=${key}`, 'x-forwarded-for': b64 };
      for (const res of [
        await c.get(`/api/connections/${key}?api_key=${key}`, { headers }),
        await c.get(`/api/connections/${encodeURIComponent(b64)}/events`, { headers }),
        await c.post('/api/connection/connect', { key: ` ${key}\n` }, { headers }),
        await c.post('/api/connection/connect', { key, extra: b64 }, { headers }),
        await c.post(`/api/connections/${key}/replace`, { key }, { headers }),
        await c.get(`/api/${key}`),
      ])
        answers.push(JSON.stringify(res.body));
      await fetch(`${app.url}/webhooks/latchkey?key=${key}`, {
        method: 'POST',
        headers: { 'webhook-id': key, 'webhook-signature': b64 },
        body: key,
      });
      // A signed webhook whose id is the key, sent twice: the receiver logs the id it applied and the replay it refused.
      const body = JSON.stringify({ eventType: 'installation.deleted', eventId: key, data: { installationId: key } });
      const at = new Date();
      const signature = new Webhook(secret).sign(key, at, body);
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${app.url}/webhooks/latchkey`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': key,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
        });
        answers.push(await res.text());
      }
    }
    const events = JSON.stringify(await app.connector.database.db.selectFrom('connection_events').selectAll().execute());
    const connections = JSON.stringify(await app.connector.database.db.selectFrom('connections').selectAll().execute());
    const everything = [lines.join('\n'), events, connections, answers.join('\n')].join('\n');
    expect(lines.some((l) => l.includes('webhook applied'))).toBe(true);
    expect(lines.some((l) => l.includes('replayed id'))).toBe(true);
    for (const key of keys) for (const form of forms(key)) expect(everything).not.toContain(form);
    expect(everything).toContain(keyHint(keys[0] as string).slice(0, 8));
  });
});
