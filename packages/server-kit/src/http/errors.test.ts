import { describe, expect, it } from 'vitest';
import { TooManyAttempts } from '../throttle.ts';
import { HttpError, registerErrorHandling } from './errors.ts';
import { createServer } from './server.ts';

async function app() {
  const logged: Error[] = [];
  const a = createServer({ bodyLimit: 1024, coerceTypes: false });
  registerErrorHandling(a, {
    map: (err) => (err.name === 'DomainThing' ? new HttpError(409, 'DOMAIN_CONFLICT', err.message) : undefined),
    onUnexpected: (err) => logged.push(err),
  });
  a.post(
    '/echo',
    { schema: { body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } },
    async (req) => req.body,
  );
  a.get('/http', async () => {
    throw new HttpError(418, 'TEAPOT', 'short and stout', { 'x-why': 'tea' });
  });
  a.get('/mapped', async () => {
    throw Object.assign(new Error('already there'), { name: 'DomainThing' });
  });
  a.get('/throttled', async () => {
    throw new TooManyAttempts(90);
  });
  a.get('/boom', async () => {
    throw new Error('connection string postgres://user:secret@db');
  });
  return { a, logged };
}

describe('error handling', () => {
  it('every error is {type, message}; HttpErrors and mapped errors say what they carry', async () => {
    const { a } = await app();
    const http = await a.inject({ method: 'GET', url: '/http' });
    expect([http.statusCode, http.json(), http.headers['x-why']]).toEqual([418, { type: 'TEAPOT', message: 'short and stout' }, 'tea']);
    expect((await a.inject({ method: 'GET', url: '/mapped' })).json()).toEqual({ type: 'DOMAIN_CONFLICT', message: 'already there' });
    const throttled = await a.inject({ method: 'GET', url: '/throttled' });
    expect([throttled.statusCode, throttled.headers['retry-after'], throttled.json().type]).toEqual([429, '90', 'RATE_LIMITED']);
    expect((await a.inject({ method: 'GET', url: '/nowhere?key=lk_live_x' })).json()).toEqual({
      type: 'NOT_FOUND',
      message: 'No route GET /nowhere',
    });
  });

  it('validation names the field, never the value', async () => {
    const { a } = await app();
    const res = await a.inject({ method: 'POST', url: '/echo', payload: { n: 'lk_live_secretvalue' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: 'VALIDATION_ERROR', message: 'body.n must be integer' });
  });

  it('a body that is not JSON is a 400 with a fixed text, never quoting the body (it may be a key)', async () => {
    const { a } = await app();
    const res = await a.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: 'lk_live_secretvalue',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: 'BAD_REQUEST', message: 'The body is not valid JSON.' });
    const big = await a.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: `"${'x'.repeat(2000)}"`,
    });
    expect([big.statusCode, big.json().type]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('an unexpected error is a 500 that says nothing about the inside, and is logged', async () => {
    const { a, logged } = await app();
    const res = await a.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.json().type).toBe('INTERNAL_ERROR');
    expect(logged.map((e) => e.message)).toEqual(['connection string postgres://user:secret@db']);
  });
});
