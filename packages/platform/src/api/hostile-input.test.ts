import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, startTestPlatform, type TestPlatform } from '../testing.ts';
import { makeWorld, type World } from './external/resources/test-fixtures.ts';

/**
 * Hostile input reaches no handler: server-kit's input check (every route) and the cursor check answer
 * 400 {type, message} naming the field. Each of these was a 500 (on PostgreSQL, or SQLite for the
 * variable limit) before; the suite runs on both databases.
 */
describe('hostile input is a 400 naming the field, never a 5xx', () => {
  let p: TestPlatform;
  let key: string;
  let world: World;
  beforeAll(async () => {
    p = await startTestPlatform();
    world = await makeWorld(p, p.companyA);
    key = (await p.issueKey()).key;
  });
  afterAll(async () => p?.close());

  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(p.url + path, {
      method,
      headers: { authorization: basicAuth(key), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) };
  }
  const expect400 = (res: { status: number; body: { type: string; message: string } }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body.type).toMatch(/^[A-Z_]+$/);
    expect(res.body.message).toContain(field);
  };

  it('a NUL character in the login e-mail', async () => {
    const res = await send('POST', '/app/api/session', { email: 'owner\u0000@acme.test', password: 'x' });
    expect400(res, 'body.email');
  });

  it('a NUL character in a search code, an event reason and a free-text body field', async () => {
    expect400(await send('POST', '/v1/chart-of-accounts:search', { companyId: p.companyA, codes: ['1000\u0000'] }), 'body.codes.0');
    expect400(
      await send('POST', '/v3/export-job-events', { event: 'failed', jobId: world.jobId, failureReason: 'broke\u0000' }),
      'body.failureReason',
    );
    expect400(await send('POST', `/v1/vendors:search?company_id=${p.companyA}`, { name: 'a\u0000' }), 'body');
  });

  it('a NUL character in a path id and in a query parameter', async () => {
    expect400(await send('GET', `/v1/vendors/${encodeURIComponent('a\u0000b')}`), 'params');
    expect400(await send('GET', `/v3/export-jobs?status=${encodeURIComponent('\u0000')}`), 'query');
  });

  it('cursors that decode to NUL, to garbage, or are not this API’s encoding', async () => {
    for (const cursor of [Buffer.from('\u0000').toString('base64url'), Buffer.from([0xff, 0xfe]).toString('base64url'), '!!!!', 'a']) {
      expect400(await send('GET', `/v3/export-jobs?after=${encodeURIComponent(cursor)}`), 'query.after');
      expect400(await send('GET', `/v3/export-jobs?before=${encodeURIComponent(cursor)}`), 'query.before');
    }
    // a cursor the API gave out still works
    const first = await send('GET', '/v3/export-jobs?limit=1');
    expect(first.status).toBe(200);
    const next = await send('GET', `/v3/export-jobs?limit=1&after=${first.body.pagination.endCursor}`);
    expect(next.status).toBe(200);
  });

  it('offset and limit at or beyond 2^63', async () => {
    expect400(await send('GET', '/v3/export-jobs?offset=9223372036854775808'), 'query.offset');
    expect400(await send('GET', '/v3/export-jobs?limit=18446744073709551616'), 'query.limit');
    expect400(await send('POST', '/v1/chart-of-accounts:search?offset=9223372036854775807', { companyId: p.companyA }), 'query.offset');
  });

  it('metadata nested 4,500 levels deep', async () => {
    const deep = `${'{"a":'.repeat(4500)}1${'}'.repeat(4500)}`;
    const body = `{"companyId":"${p.companyA}","name":"Deep","externalId":"deep-1","archived":false,"metadata":${deep}}`;
    expect400(await send('POST', '/v1/chart-of-accounts', body), 'body.metadata');
  });

  it('40,000 codes in an account search (more SQL variables than SQLite allows)', async () => {
    const codes = Array.from({ length: 40_000 }, (_, i) => String(i));
    expect400(await send('POST', '/v1/chart-of-accounts:search', { companyId: p.companyA, codes }), 'body.codes');
  });

  it('the web API gets the same check: a NUL in a JSON body field of a signed-in request', async () => {
    const res = await send('POST', '/app/api/signup/partner', {
      email: 'new@partner.test',
      name: 'N\u0000',
      password: 'a long enough password',
      partnerName: 'P',
    });
    expect400(res, 'body');
  });
});
