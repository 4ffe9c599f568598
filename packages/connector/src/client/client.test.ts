import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadPort, json, ScriptedServer } from '../testing/scripted-server.ts';
import { companyIdFromUrn, PlatformClient, paginate, scopesOf } from './client.ts';
import { PlatformHttpError, PlatformNetworkError, PlatformProtocolError, PlatformTimeoutError } from './errors.ts';
import { backoffDelay, type Logger, parseRetryAfter } from './http.ts';

const KEY = 'lk_test_SuperSecretKeyMaterial0123456789abcdefghijkl';
const KEY_B64 = Buffer.from(`${KEY}:`).toString('base64');
const COMPANY = '3f2c9a4e-1b7d-4c8e-9f0a-123456789abc';
const installation = {
  id: '11111111-2222-4333-8444-555555555555',
  applicationId: '66666666-7777-4888-9999-000000000000',
  resource: `urn:pleo:company:${COMPANY}`,
  status: 'PENDING_INTEGRATION',
  metadata: {},
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  return { lines, logger: { debug: log, info: log, warn: log, error: log } };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

function expectNoKey(text: string) {
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(KEY_B64);
}

describe('external API client against a real local HTTP server', () => {
  const server = new ScriptedServer();
  const { logger, lines } = recordingLogger();
  let client: PlatformClient;

  beforeAll(async () => {
    await server.start();
    client = new PlatformClient({ baseUrl: `${server.url}/`, timeoutMs: 300, retries: 2, backoffBaseMs: 10, backoffMaxMs: 40, logger });
  });
  afterAll(async () => {
    await server.close();
    // Across every test in this file, not one log line carried the key.
    expectNoKey(lines.join('\n'));
  });

  it('sends HTTP Basic with the key as user name and an empty password; hits the literal-colon path', async () => {
    server.reset((_req, res) => json(res, 200, { ...installation, status: 'ACTIVATED' }));
    const session = client.withKey(KEY);
    const got = await session.activateInstallation();
    expect(got.status).toBe('ACTIVATED');
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/v1/installations/me:activate');
    expect(req!.headers.authorization).toBe(`Basic ${KEY_B64}`);
    expect(req!.headers.accept).toBe('application/json');
    // The session object reveals no key when logged or serialised.
    expectNoKey(JSON.stringify(session));
    expectNoKey(String(session));
  });

  it('GET installation, introspect, PUT status, DELETE: shapes and bodies', async () => {
    server.reset((req, res) => {
      if (req.method === 'GET' && req.url === '/v1/installations/me') return json(res, 200, installation);
      if (req.url === '/v1/introspect') {
        return json(res, 200, {
          data: {
            authMethod: 'API_KEY',
            clientId: 'c1',
            scope: 'export-jobs:read  users:read',
            applicationName: 'App',
            subjectURN: installation.resource,
          },
        });
      }
      if (req.method === 'PUT') return json(res, 200, { ...installation, ...JSON.parse(req.body) });
      if (req.method === 'DELETE') {
        res.writeHead(204);
        return res.end();
      }
      json(res, 404, { type: 'NOT_FOUND', message: 'x' });
    });
    const s = client.withKey(KEY);
    const inst = await s.getInstallation();
    expect(companyIdFromUrn(inst.resource)).toBe(COMPANY);
    const intro = await s.introspect();
    expect(scopesOf(intro)).toEqual(['export-jobs:read', 'users:read']);
    const put = await s.updateInstallation({ status: 'INACTIVE', errorCode: 'AUTH_ERROR' });
    expect(put.status).toBe('INACTIVE');
    expect(JSON.parse(server.requests[2]!.body)).toEqual({ status: 'INACTIVE', errorCode: 'AUTH_ERROR' });
    expect(server.requests[2]!.headers['content-type']).toBe('application/json;charset=UTF-8');
    await expect(s.deleteInstallation()).resolves.toBeUndefined();
  });

  it('retries 5xx with backoff and succeeds', async () => {
    server.reset((_req, res, n) => (n < 3 ? json(res, 503, { type: 'UNAVAILABLE', message: 'try later' }) : json(res, 200, installation)));
    await expect(client.withKey(KEY).getInstallation()).resolves.toMatchObject({ id: installation.id });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the retry budget with a typed error carrying {type, message}, and no key', async () => {
    server.reset((_req, res) => json(res, 500, { type: 'INTERNAL_ERROR', message: `boom while checking ${KEY}` }));
    const err = await failure(client.withKey(KEY).getInstallation());
    expect(err).toBeInstanceOf(PlatformHttpError);
    const e = err as PlatformHttpError;
    expect(e.status).toBe(500);
    expect(e.type).toBe('INTERNAL_ERROR');
    expect(e.detail).toBe('boom while checking [redacted]');
    expect(server.requests).toHaveLength(3);
    expectNoKey(`${e.message} ${e.stack} ${JSON.stringify(e)}`);
  });

  it('never retries 401, 403 or other 4xx', async () => {
    for (const [status, type] of [
      [401, 'UNAUTHORIZED'],
      [403, 'FORBIDDEN'],
      [400, 'VALIDATION_ERROR'],
      [404, 'NOT_FOUND'],
      [422, 'EXPORT_JOB_STATUS_UNPROCESSABLE'],
    ] as const) {
      server.reset((_req, res) => json(res, status, { type, message: `${type} happened` }));
      const err = (await failure(client.withKey(KEY).getInstallation())) as PlatformHttpError;
      expect(err).toBeInstanceOf(PlatformHttpError);
      expect([err.status, err.type, err.detail]).toEqual([status, type, `${type} happened`]);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('a non-JSON error body still yields a typed error', async () => {
    server.reset((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    const err = (await failure(client.withKey(KEY).getInstallation())) as PlatformHttpError;
    expect([err.status, err.type]).toEqual([502, 'HTTP_502']);
  });

  it('honours Retry-After on 429', async () => {
    server.reset((_req, res, n) =>
      n === 1 ? json(res, 429, { type: 'RATE_LIMITED', message: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, installation),
    );
    const started = Date.now();
    await client.withKey(KEY).getInstallation();
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(server.requests).toHaveLength(2);
  });

  it('does not wait out a Retry-After beyond its cap: the 429 goes to the caller with the delay', async () => {
    server.reset((_req, res) => json(res, 429, { type: 'RATE_LIMITED', message: 'slow down' }, { 'retry-after': '120' }));
    const started = Date.now();
    const err = (await failure(client.withKey(KEY).getInstallation())) as PlatformHttpError;
    expect(Date.now() - started).toBeLessThan(1000);
    expect([err.status, err.retryAfterSeconds]).toEqual([429, 120]);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a slow answer on every attempt (AbortSignal.timeout) and says so', async () => {
    server.reset((_req, res) => {
      setTimeout(() => json(res, 200, installation), 1500).unref();
    });
    const started = Date.now();
    const err = await failure(client.withKey(KEY).getInstallation());
    expect(err).toBeInstanceOf(PlatformTimeoutError);
    expect((err as PlatformTimeoutError).timeoutMs).toBe(300);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out a body that stalls after the headers', async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      res.write('{"id":');
    });
    const err = await failure(client.withKey(KEY).getInstallation({ retries: 0 }));
    expect(err).toBeInstanceOf(PlatformTimeoutError);
  });

  it('retries a dropped connection and then succeeds', async () => {
    server.reset((_req, res, n) => (n === 1 ? res.socket?.destroy() : json(res, 200, installation)));
    await expect(client.withKey(KEY).getInstallation()).resolves.toMatchObject({ id: installation.id });
    expect(server.requests).toHaveLength(2);
  });

  it('reports a platform that is down as a network error with its code', async () => {
    const down = new PlatformClient({ baseUrl: await deadPort(), retries: 1, backoffBaseMs: 5 });
    const err = await failure(down.withKey(KEY).getInstallation());
    expect(err).toBeInstanceOf(PlatformNetworkError);
    expect((err as PlatformNetworkError).code).toBe('ECONNREFUSED');
    expectNoKey(`${err.message} ${err.stack}`);
  });

  it('stops at once when the caller aborts (no retry)', async () => {
    server.reset((_req, res) => {
      setTimeout(() => json(res, 200, installation), 1000).unref();
    });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('caller gave up')), 50);
    const err = await failure(client.withKey(KEY).getInstallation({ signal: ctl.signal, timeoutMs: 5000 }));
    expect(err.message).toBe('caller gave up');
    expect(server.requests).toHaveLength(1);
  });

  it('does not follow redirects (the key must not travel to another host)', async () => {
    const other = await new ScriptedServer().start();
    other.reset((_req, res) => json(res, 200, installation));
    server.reset((_req, res) => {
      res.writeHead(302, { location: `${other.url}/v1/installations/me` });
      res.end();
    });
    const err = (await failure(client.withKey(KEY).getInstallation())) as PlatformHttpError;
    expect(err.status).toBe(302);
    expect(other.requests).toHaveLength(0);
    await other.close();
  });

  it('rejects a 2xx body that is not the promised shape', async () => {
    server.reset((_req, res) => json(res, 200, { hello: 'world' }));
    expect(await failure(client.withKey(KEY).getInstallation())).toBeInstanceOf(PlatformProtocolError);
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`not json ${KEY}`);
    });
    const err = await failure(client.withKey(KEY).introspect());
    expect(err).toBeInstanceOf(PlatformProtocolError);
    expectNoKey(err.message);
  });

  it('export endpoints: repeated `statuses`, v3 paths, ≤100 items per PUT, 202 events', async () => {
    server.reset((req, res) => {
      if (req.url.startsWith('/v3/export-jobs?'))
        return json(res, 200, { data: [], pagination: { hasNextPage: false, hasPreviousPage: false } });
      if (req.method === 'PUT')
        return json(res, 200, { data: JSON.parse(req.body).map((i: object) => ({ ...i, exportJobId: 'j1' })), errors: [] });
      if (req.url === '/v3/export-job-events') {
        res.writeHead(202);
        return res.end();
      }
      if (req.url.startsWith('/v3/export-items?'))
        return json(res, 200, { data: [], pagination: { hasNextPage: false, hasPreviousPage: false } });
      json(res, 404, { type: 'NOT_FOUND', message: req.url });
    });
    const s = client.withKey(KEY);
    await s.listExportJobs({ statuses: ['pending', 'in_progress'], companyId: COMPANY, limit: 10 });
    expect(server.requests[0]!.url).toBe(`/v3/export-jobs?statuses=pending&statuses=in_progress&company_id=${COMPANY}&limit=10`);
    const items = Array.from({ length: 100 }, (_, i) => ({ accountingEntryId: `e${i}`, status: 'successful' as const }));
    const res = await s.updateExportJobItems('j1', items);
    expect(res.data).toHaveLength(100);
    expect(server.requests[1]!.url).toBe('/v3/export-jobs/j1/items');
    await expect(s.updateExportJobItems('j1', [...items, items[0]!])).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(2);
    await s.createExportJobEvent({ jobId: 'j1', event: 'started' });
    expect(JSON.parse(server.requests[2]!.body)).toEqual({ jobId: 'j1', event: 'started' });
    await s.listExportItems({ jobId: 'j1', after: 'ABC' });
    expect(server.requests[3]!.url).toBe('/v3/export-items?job_id=j1&after=ABC');
  });
});

describe('client helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { backoffBaseMs: 100, backoffMaxMs: 1000 };
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(300);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
  });

  it('reads the company id only from a well-formed company URN', () => {
    expect(companyIdFromUrn(`urn:pleo:company:${COMPANY.toUpperCase()}`)).toBe(COMPANY);
    expect(companyIdFromUrn('urn:pleo:organization:3f2c9a4e-1b7d-4c8e-9f0a-123456789abc')).toBeUndefined();
    expect(companyIdFromUrn('urn:pleo:company:nope')).toBeUndefined();
    expect(companyIdFromUrn(undefined)).toBeUndefined();
  });

  it('paginates by endCursor and never loops on a repeated cursor', async () => {
    const calls: (string | undefined)[] = [];
    const pages = async (q: { after?: string }) => {
      calls.push(q.after);
      return {
        data: [calls.length],
        pagination: { hasNextPage: true, hasPreviousPage: false, endCursor: calls.length < 3 ? `C${calls.length}` : 'C2' },
      };
    };
    const got: number[] = [];
    for await (const x of paginate(pages)) got.push(x);
    expect(got).toEqual([1, 2, 3]);
    expect(calls).toEqual([undefined, 'C1', 'C2']);
  });

  it('refuses a base URL with credentials in it', () => {
    expect(() => new PlatformClient({ baseUrl: 'https://user:pw@example.test' })).toThrow(/credentials/);
    expect(() => new PlatformClient({ baseUrl: 'ftp://example.test' })).toThrow(/http/);
  });
});
