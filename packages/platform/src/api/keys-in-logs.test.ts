import { generateKey, keyHint } from '@latchkey/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../domain/accounts.ts';
import { CLI_ACTOR } from '../domain/context.ts';
import { submitIntegration } from '../domain/integrations.ts';
import { createSession, findSession } from '../domain/sessions.ts';
import { basicAuth, startTestPlatform, TEST_PASSWORD, type TestPlatform } from '../testing.ts';

/** Every form a key could be written in a log line: as is, base64 of `key:` (a Basic credential), base64url. */
const forms = (key: string) => [key, Buffer.from(`${key}:`).toString('base64'), Buffer.from(key).toString('base64url')];

describe('no key in any log line, error or audit field of the platform', () => {
  let p: TestPlatform;
  let live: string;
  let unknown: string;
  let staff: { cookie: string; csrf: string };
  beforeAll(async () => {
    p = await startTestPlatform();
    live = (await p.issueKey()).key;
    unknown = generateKey();
    const staffId = await createUser(p.database.db, {
      email: 'staff-logs@latchkey.test',
      name: 'Staff',
      password: TEST_PASSWORD,
      kind: 'staff',
    });
    const { token } = await createSession(p.database.db, staffId, 3600_000);
    staff = { cookie: `latchkey_session=${token}`, csrf: (await findSession(p.database.db, token))?.csrfToken ?? '' };
  });
  afterAll(async () => p?.close());

  async function leak(key: string) {
    const b64 = Buffer.from(`${key}:`).toString('base64');
    const send = (path: string, init: RequestInit = {}) => fetch(p.url + path, init).then((r) => r.text());
    await send(`/v1/introspect?api_key=${key}`);
    await send(`/v1/introspect?auth=${encodeURIComponent(b64)}`, { headers: { authorization: basicAuth(live) } });
    await send(`/v1/x/${key}`);
    await send(`/v1/vendors/${key}`, { headers: { authorization: basicAuth(live) } });
    await send(`/v1/vendors/${b64}`, { headers: { authorization: basicAuth(live) } });
    await send('/v1/installations/me', { headers: { authorization: `Bearer ${key}` } });
    await send('/v1/installations/me', { headers: { authorization: `Basic ${b64}` } });
    await send('/v1/installations/me', {
      headers: { 'x-api-key': key, cookie: `token=${key}; other=${b64}`, referer: `https://evil.test/?key=${key}`, 'user-agent': key },
    });
    await send('/app/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': key },
      body: JSON.stringify({ email: key, password: key }),
    });
    await send('/app/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"email":"${key}` });
    await send(`/app/api/${key}`);
    // An audit field: a staff member pastes the key into a rejection reason.
    const pending = await submitIntegration(p.database.db, CLI_ACTOR, await partnerOf(), {
      name: `Leak check ${key.slice(-6)}`,
      description: 'x',
      supportEmail: 'support@partner.test',
      features: [],
      requestedScopes: [{ scope: 'vendors:read', reason: 'x' }],
      connectUrl: 'https://partner.test/connect',
      webhookUrl: null,
    });
    await send(`/app/api/staff/integrations/${pending.id}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: staff.cookie, 'x-csrf-token': staff.csrf },
      body: JSON.stringify({ decision: 'reject', reason: `the partner mailed us their key ${key} and ${b64}` }),
    });
    // Anything the app itself logs, in a message or a field or an error.
    p.app.log.error({ err: new Error(`could not use ${key}`), detail: { nested: [b64] } }, `handling ${key}`);
  }

  const partnerOf = async () => (await p.database.db.selectFrom('partners').select('id').executeTakeFirstOrThrow()).id;

  it('keys in query strings, paths, bodies, odd headers, error messages and audit reasons are masked to their hint', async () => {
    await leak(live);
    await leak(unknown);
    const audit = JSON.stringify(await p.database.db.selectFrom('audit_events').selectAll().execute());
    const logs = p.logs.join('\n');
    for (const key of [live, unknown]) {
      for (const form of forms(key)) {
        expect(logs).not.toContain(form);
        expect(audit).not.toContain(form);
      }
      // masked, not dropped: the hint is what a reader sees
      expect(logs).toContain(keyHint(key));
      expect(audit).toContain(keyHint(key));
    }
  });

  it('request log lines carry the path without the query string', async () => {
    await fetch(`${p.url}/healthz?secret=s3cr3t-value`);
    const lines = p.logs.filter((l) => l.includes('/healthz'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toContain('s3cr3t-value');
    expect(lines.some((l) => JSON.parse(l).req?.url === '/healthz')).toBe(true);
  });
});
