import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, type World } from '../test-fixtures.ts';

describe('tag dimensions and aggregations (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  let a: World;
  const unknown = '00000000-0000-4000-8000-000000000000';
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['tag-groups:read', 'tag-groups:write'] })).key;
    a = await makeWorld(p, p.companyA);
  });
  afterAll(async () => p.close());

  it('400 naming the field: required fields, displayOrder below 1 or beyond int32, non-boolean visible, NUL, overlong strings', async () => {
    const path = `/v0/tag-groups/${a.tagGroupId}/dimensions`;
    const ok = { code: 'X', name: 'X', displayOrder: 1, visible: true };
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'X', displayOrder: 1, visible: true }, /body must have required property 'code'/],
      [{ ...ok, displayOrder: 0 }, /body\.displayOrder/],
      [{ ...ok, displayOrder: 2 ** 31 }, /body\.displayOrder/],
      [{ ...ok, displayOrder: 1.5 }, /body\.displayOrder/],
      [{ ...ok, visible: 'maybe' }, /body\.visible/],
      [{ ...ok, code: 'A\u0000B' }, /body\.code/],
      [{ ...ok, name: 'n'.repeat(256) }, /body\.name/],
      [{ ...ok, code: '' }, /body\.code/],
    ];
    for (const [body, message] of cases) {
      const res = await call(p, 'POST', path, key, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ type: 'VALIDATION_ERROR', message: expect.stringMatching(message) });
    }
    const value = await call(p, 'POST', `/v0/tags/${a.tagId}/dimensions/${a.dimensionId}`, key, { value: 'v\u0000' });
    expect(value.body.message).toMatch(/body\.value/);
    expect((await call(p, 'PUT', `/v0/tags/${a.tagId}/dimensions/${a.dimensionId}`, key, {})).body.message).toMatch(/'value'/);
    expect((await call(p, 'GET', `/v0/tags/${a.tagId}/dimensions/nope`, key)).body.message).toMatch(/params\.dimensionId/);
  });

  it('409 for a duplicate dimension code in a group and for a second value of the same tag and dimension', async () => {
    const dup = await call(p, 'POST', `/v0/tag-groups/${a.tagGroupId}/dimensions`, key, {
      code: 'COST_CENTRE',
      name: 'Again',
      displayOrder: 5,
      visible: true,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe('TAG_GROUP_DIMENSION_ALREADY_EXISTS');
    const again = await call(p, 'POST', `/v0/tags/${a.tagId}/dimensions/${a.dimensionId}`, key, { value: 'CC-999' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('TAG_DIMENSION_VALUE_ALREADY_EXISTS');
  });

  it('404: unknown group, dimension or tag; a dimension of another group of the same company; a value the tag lacks', async () => {
    const groups = (await call(p, 'GET', '/v0/tag-groups', key)).body.data as Array<{ id: string; code: string }>;
    const projects = groups.find((g) => g.code === 'PROJ') as { id: string };
    const projectDimension = (await call(p, 'GET', `/v0/tag-groups/${projects.id}/dimensions`, key)).body.data[0].id;
    for (const [method, path, body] of [
      ['GET', `/v0/tag-groups/${unknown}/dimensions`, undefined],
      ['GET', `/v0/tag-groups/${a.tagGroupId}/dimensions/${unknown}`, undefined],
      ['GET', `/v0/tag-groups/${a.tagGroupId}/dimensions/${projectDimension}`, undefined],
      ['PUT', `/v0/tag-groups/${projects.id}/dimensions/${a.dimensionId}`, { code: 'X', name: 'X', displayOrder: 1, visible: true }],
      ['GET', `/v0/tags/${unknown}/dimensions`, undefined],
      ['POST', `/v0/tags/${a.tagId}/dimensions/${projectDimension}`, { value: 'x' }],
      ['PUT', `/v0/tags/${a.tagId}/dimensions/${unknown}`, { value: 'x' }],
    ] as const) {
      const res = await call(p, method, path, key, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.type).toMatch(/NOT_FOUND/);
    }
    await call(p, 'DELETE', `/v0/tags/${a.tagId}/dimensions/${a.dimensionId}`, key);
    const missing = await call(p, 'PUT', `/v0/tags/${a.tagId}/dimensions/${a.dimensionId}`, key, { value: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('TAG_DIMENSION_VALUE_NOT_FOUND');
  });

  it('aggregations: 400 without company_id and organization_id, for bad ids, too many or repeated ids, an object for tagIds, NUL', async () => {
    const neither = await call(p, 'GET', '/v0/aggregations/tag-groups', key);
    expect(neither.status).toBe(400);
    expect(neither.body.message).toMatch(/company_id or organization_id/);
    expect((await call(p, 'GET', `/v0/aggregations/tag-groups?company_id=${a.companyId}&tag_group_ids=x`, key)).body.message).toMatch(
      /tag_group_ids/,
    );
    const many = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await call(p, 'POST', '/v0/aggregations/tags', key, { tagIds: many })).body.message).toMatch(/body\.tagIds/);
    expect((await call(p, 'POST', '/v0/aggregations/tags', key, { tagIds: { id: a.tagId } })).status).toBe(400);
    expect((await call(p, 'POST', '/v0/aggregations/tags', key, { tagIds: [a.tagId, a.tagId] })).body.message).toMatch(/tagIds/);
    expect((await call(p, 'POST', '/v0/aggregations/tags', key, { textSearch: '\u0000' })).body.message).toMatch(/textSearch/);
  });
});
