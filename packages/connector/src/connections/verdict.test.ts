import { describe, expect, it } from 'vitest';
import { PlatformHttpError, PlatformNetworkError, PlatformProtocolError, PlatformTimeoutError } from '../client/errors.ts';
import { isTransientVerdict, scopesNamedIn, verdictOf } from './verdict.ts';

const http = (status: number, path: string, detail = 'x', retry?: number) => new PlatformHttpError('GET', path, status, 'T', detail, retry);
const kind = (err: unknown) => verdictOf(err).kind;

describe('the verdict on a platform error', () => {
  it('401 anywhere: the key is dead', () => {
    for (const path of ['/v1/installations/me', '/v1/introspect', '/v3/export-jobs', '/v3/export-jobs/j1/items'])
      expect(kind(http(401, path)), path).toBe('invalid_key');
  });

  it("404 from the key's own installation: the key is dead (no installation for it)", () => {
    for (const path of ['/v1/installations/me', '/v1/installations/me:activate', '/v1/introspect']) {
      expect(verdictOf(http(404, path)), path).toMatchObject({ kind: 'invalid_key', status: 404 });
    }
  });

  it('404 from any other route: what was asked for is gone — never a verdict on the key, never "unavailable"', () => {
    for (const path of ['/v3/export-jobs', '/v3/export-jobs/j1/items', '/v1/companies/c1', '/v1/installations/mine', '/v1/introspection'])
      expect(kind(http(404, path)), path).toBe('not_found');
  });

  it('403: missing scopes, naming those the message names', () => {
    expect(verdictOf(http(403, '/v3/export-jobs', 'missing scope export-jobs:write'))).toMatchObject({
      kind: 'missing_scopes',
      missingScopes: ['export-jobs:write'],
    });
    expect(verdictOf(http(403, '/v3/export-jobs', 'Forbidden'))).toMatchObject({ kind: 'missing_scopes', missingScopes: [] });
  });

  it('429: rate limited, with Retry-After', () => {
    expect(verdictOf(http(429, '/v1/introspect', 'slow', 42))).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 42 });
  });

  it('other 4xx: this request was refused', () => {
    for (const status of [400, 409, 413, 422]) expect(kind(http(status, '/v3/export-job-events')), String(status)).toBe('refused');
  });

  it('5xx, timeouts, network errors and unreadable answers: the platform is unavailable', () => {
    for (const status of [500, 502, 503, 504]) expect(kind(http(status, '/v1/introspect')), String(status)).toBe('platform_unavailable');
    expect(kind(new PlatformTimeoutError('GET', '/', 5))).toBe('platform_unavailable');
    expect(kind(new PlatformNetworkError('GET', '/', 'ECONNRESET'))).toBe('platform_unavailable');
    expect(kind(new PlatformProtocolError('GET', '/', 'body is not JSON'))).toBe('platform_unavailable');
  });

  it('only unavailable and rate limited are worth retrying', () => {
    expect(isTransientVerdict(verdictOf(http(503, '/')))).toBe(true);
    expect(isTransientVerdict(verdictOf(http(429, '/')))).toBe(true);
    for (const status of [401, 403, 404, 422]) expect(isTransientVerdict(verdictOf(http(status, '/v3/x'))), String(status)).toBe(false);
  });

  it('anything that is not a platform error is rethrown (a bug is not a verdict)', () => {
    expect(() => verdictOf(new TypeError('bug'))).toThrow('bug');
  });

  it('finds scope names in a 403 message', () => {
    expect(scopesNamedIn('Missing scopes: export-jobs:write, export-items:read (need users:read)')).toEqual([
      'export-jobs:write',
      'export-items:read',
      'users:read',
    ]);
    expect(scopesNamedIn('not-export-jobs:writer')).toEqual([]);
  });
});
