import { describe, expect, it } from 'vitest';
import { PlatformHttpError, PlatformNetworkError } from '../client/errors.ts';
import { classifyPlatformError, ERROR_CLASSES, failure } from './errors.ts';

describe('error classes', () => {
  const ctx = { platformName: 'Pleo' };

  it('every class has a plain message and a recovery action', () => {
    for (const c of ERROR_CLASSES) {
      const f = failure(c, ctx);
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.action.length).toBeGreaterThan(10);
      expect(f.message).not.toMatch(/authentication failed/i);
    }
    expect(failure('invalid_key', ctx).message).toBe('The API Key appears to be invalid. Please check and try again.');
  });

  it('tells the customer what a verdict means; one that is not about the key reads as "try again later"', () => {
    const http = (status: number, path: string, detail = 'x', retry?: number) =>
      new PlatformHttpError('GET', path, status, 'T', detail, retry);
    expect(classifyPlatformError(http(401, '/v1/introspect'), ctx).errorClass).toBe('invalid_key');
    expect(classifyPlatformError(http(403, '/v1/introspect', 'missing scope export-jobs:write'), ctx)).toMatchObject({
      errorClass: 'missing_scopes',
      missingScopes: ['export-jobs:write'],
    });
    expect(classifyPlatformError(http(429, '/v1/introspect', 'slow', 42), ctx)).toMatchObject({
      errorClass: 'rate_limited',
      retryAfterSeconds: 42,
      action: 'Wait 42 seconds and try again.',
    });
    expect(classifyPlatformError(http(404, '/v3/export-jobs/j1', 'gone'), ctx)).toMatchObject({
      errorClass: 'platform_unavailable',
      detail: '404 T: gone',
    });
    expect(classifyPlatformError(new PlatformNetworkError('GET', '/', 'ECONNRESET'), ctx).errorClass).toBe('platform_unavailable');
  });
});
