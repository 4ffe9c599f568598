import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from './errors.ts';
import { createServer } from './server.ts';

/** A bare app of server-kit's: the check holds for a route whose schema says nothing at all. */
async function app() {
  const a = createServer({ bodyLimit: 1024 * 1024, coerceTypes: 'array' });
  registerErrorHandling(a);
  a.post('/things/:id', async () => ({ ok: true }));
  a.get('/things', { schema: { querystring: { type: 'object', properties: { offset: { type: 'integer', minimum: 0 } } } } }, async () => ({
    ok: true,
  }));
  await a.ready();
  return a;
}

describe('one input check for every route (server-kit createServer)', () => {
  it('a route without a schema still refuses NUL, huge numbers, long arrays, wide and deep objects, naming the field', async () => {
    const a = await app();
    const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
      a.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
    const cases: [Awaited<ReturnType<typeof post>>, string][] = [
      [await post('/things/x', '{"name":"a\\u0000b"}'), 'body.name must not contain NUL'],
      [await post(`/things/${encodeURIComponent('a\u0000')}`, '{}'), 'params.id must not contain NUL'],
      [await post('/things/x?q=%00', '{}'), 'query.q must not contain NUL'],
      [await post('/things/x', '{"n":9223372036854775808}'), 'body.n is out of range'],
      [
        await post('/things/x', JSON.stringify({ ids: Array.from({ length: 1001 }, (_, i) => i) })),
        'body.ids must have at most 1000 items',
      ],
      [
        await post('/things/x', JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])))),
        'body must have at most 1000 properties',
      ],
      [await post('/things/x', `{"metadata":${'['.repeat(4500)}${']'.repeat(4500)}}`), 'body.metadata'],
      [await post('/things/x', '{}', { 'x-thing': 'a\u0000' }), 'headers.x-thing must not contain NUL'],
    ];
    for (const [res, message] of cases) {
      expect(res.statusCode, message).toBe(400);
      expect(res.json().type).toBe('VALIDATION_ERROR');
      expect(res.json().message).toContain(message);
    }
    expect((await post('/things/x', '{"name":"fine","n":12,"ids":[1,2,3],"deep":{"a":{"b":[1]}}}')).statusCode).toBe(200);
  });

  it('checks after coercion: a query integer beyond 2^53 is refused though its schema has no maximum', async () => {
    const a = await app();
    const res = await a.inject({ method: 'GET', url: '/things?offset=9223372036854775808' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('query.offset is out of range');
    expect((await a.inject({ method: 'GET', url: '/things?offset=10' })).statusCode).toBe(200);
  });
});
