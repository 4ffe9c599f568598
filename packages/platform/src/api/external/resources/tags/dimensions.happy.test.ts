import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTag, createTagGroup } from '../../../../domain/resources/tags.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, type World } from '../test-fixtures.ts';

describe('tag group dimensions, tag dimension values and aggregations (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  let a: World;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['tag-groups:read', 'tag-groups:write'] })).key;
    a = await makeWorld(p, p.companyA);
    await makeWorld(p, p.companyB);
  });
  afterAll(async () => p.close());

  it('dimensions: create (TagGroupDimensionModel, 201), list in display order, get, update, delete (204)', async () => {
    const group = await createTagGroup(p.database.db, p.companyA, { code: 'CC', name: 'Cost centres', archived: false });
    const second = await call(p, 'POST', `/v0/tag-groups/${group.id}/dimensions`, key, {
      code: 'REGION',
      name: 'Region',
      displayOrder: 2,
      visible: false,
    });
    expect(second.status).toBe(201);
    expect(second.body.data).toEqual({
      id: expect.any(String),
      groupId: group.id,
      code: 'REGION',
      name: 'Region',
      displayOrder: 2,
      visible: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const first = await call(p, 'POST', `/v0/tag-groups/${group.id}/dimensions`, key, {
      code: 'DEPT_NO',
      name: 'Department number',
      displayOrder: 1,
      visible: true,
    });
    const list = await call(p, 'GET', `/v0/tag-groups/${group.id}/dimensions`, key);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [first.body.data, second.body.data] });
    const id = second.body.data.id;
    expect((await call(p, 'GET', `/v0/tag-groups/${group.id}/dimensions/${id}`, key)).body).toEqual(second.body);
    const put = await call(p, 'PUT', `/v0/tag-groups/${group.id}/dimensions/${id}`, key, {
      code: 'REGION',
      name: 'Sales region',
      displayOrder: 3,
      visible: true,
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id, name: 'Sales region', displayOrder: 3, visible: true });
    expect((await call(p, 'DELETE', `/v0/tag-groups/${group.id}/dimensions/${id}`, key)).status).toBe(204);
    expect((await call(p, 'GET', `/v0/tag-groups/${group.id}/dimensions/${id}`, key)).status).toBe(404);
    expect((await call(p, 'GET', `/v0/tag-groups/${group.id}/dimensions`, key)).body.data).toEqual([first.body.data]);
  });

  it('tag values: create (201), list, get, update, delete answers the deleted value; deleting a dimension deletes its values', async () => {
    const db = p.database.db;
    const group = await createTagGroup(db, p.companyA, { code: 'PRJ', name: 'Projects', archived: false });
    const tag = await createTag(db, p.companyA, group.id, { code: 'P1', name: 'Project one', archived: false });
    const dim = (
      await call(p, 'POST', `/v0/tag-groups/${group.id}/dimensions`, key, { code: 'NO', name: 'Number', displayOrder: 1, visible: true })
    ).body.data;
    const other = (
      await call(p, 'POST', `/v0/tag-groups/${group.id}/dimensions`, key, { code: 'OWNER', name: 'Owner', displayOrder: 2, visible: true })
    ).body.data;
    const created = await call(p, 'POST', `/v0/tags/${tag.id}/dimensions/${dim.id}`, key, { value: '7001' });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({
      tagId: tag.id,
      dimensionId: dim.id,
      value: '7001',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const owner = (await call(p, 'POST', `/v0/tags/${tag.id}/dimensions/${other.id}`, key, { value: 'Ada' })).body.data;
    expect((await call(p, 'GET', `/v0/tags/${tag.id}/dimensions`, key)).body).toEqual({ data: [created.body.data, owner] });
    expect((await call(p, 'GET', `/v0/tags/${tag.id}/dimensions/${dim.id}`, key)).body).toEqual(created.body);
    const put = await call(p, 'PUT', `/v0/tags/${tag.id}/dimensions/${dim.id}`, key, { value: '7001-B' });
    expect(put.body.data).toMatchObject({ value: '7001-B', createdAt: created.body.data.createdAt });
    const del = await call(p, 'DELETE', `/v0/tags/${tag.id}/dimensions/${dim.id}`, key);
    expect(del.status).toBe(200);
    expect(del.body.data).toMatchObject({ tagId: tag.id, dimensionId: dim.id, value: '7001-B' });
    expect((await call(p, 'GET', `/v0/tags/${tag.id}/dimensions/${dim.id}`, key)).status).toBe(404);
    await call(p, 'DELETE', `/v0/tag-groups/${group.id}/dimensions/${other.id}`, key);
    expect((await call(p, 'GET', `/v0/tags/${tag.id}/dimensions`, key)).body).toEqual({ data: [] });
  });

  it('GET /v0/aggregations/tag-groups: groups with their dimensions, by company_id or organization_id, filtered by tag_group_ids', async () => {
    const res = await call(p, 'GET', `/v0/aggregations/tag-groups?company_id=${p.companyA}`, key);
    expect(res.status).toBe(200);
    const dept = res.body.data.find((g: { id: string }) => g.id === a.tagGroupId);
    expect(dept).toEqual({
      id: a.tagGroupId,
      companyId: p.companyA,
      code: 'DEPT',
      name: 'Departments',
      archived: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      dimensions: [
        { id: a.dimensionId, code: 'COST_CENTRE', name: 'Cost centre', displayOrder: 1, visible: true },
        { id: expect.any(String), code: 'REGION', name: 'Region', displayOrder: 2, visible: false },
      ],
    });
    expect(res.body.data.every((g: { companyId: string }) => g.companyId === p.companyA)).toBe(true);
    const byOrg = await call(p, 'GET', '/v0/aggregations/tag-groups?organization_id=00000000-0000-4000-8000-000000000001', key);
    expect(byOrg.body).toEqual(res.body);
    const one = await call(p, 'GET', `/v0/aggregations/tag-groups?company_id=${p.companyA}&tag_group_ids=${a.tagGroupId}`, key);
    expect(one.body.data.map((g: { id: string }) => g.id)).toEqual([a.tagGroupId]);
  });

  it('POST /v0/aggregations/tags: tags with group and dimension values, paginated; tagIds and textSearch filter', async () => {
    const all = await call(p, 'POST', `/v0/aggregations/tags?company_id=${p.companyA}&limit=100`, key);
    expect(all.status).toBe(200);
    const sales = all.body.data.find((t: { id: string }) => t.id === a.tagId);
    expect(sales).toEqual({
      id: a.tagId,
      companyId: p.companyA,
      code: 'SALES',
      name: 'Sales',
      archived: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      group: { id: a.tagGroupId, code: 'DEPT', name: 'Departments' },
      dimensions: [
        { id: a.dimensionId, code: 'COST_CENTRE', name: 'Cost centre', displayOrder: 1, visible: true, value: 'CC-100' },
        { id: expect.any(String), code: 'REGION', name: 'Region', displayOrder: 2, visible: false, value: 'Nordics' },
      ],
    });
    // No body at all is the same as {}.
    const noBody = await call(p, 'POST', '/v0/aggregations/tags?limit=100', key);
    expect(noBody.body.data).toEqual(all.body.data);
    const byId = await call(p, 'POST', '/v0/aggregations/tags', key, { tagIds: [a.tagId] });
    expect(byId.body.data.map((t: { id: string }) => t.id)).toEqual([a.tagId]);
    const text = await call(p, 'POST', '/v0/aggregations/tags', key, { textSearch: 'nordic' });
    expect(text.body.data.map((t: { code: string }) => t.code)).toEqual(['P-200']);
    const page = await call(p, 'POST', '/v0/aggregations/tags?limit=2', key, {});
    expect(page.body.data).toHaveLength(2);
    expect(page.body.pagination).toMatchObject({ hasNextPage: true, total: all.body.pagination.total });
    const next = await call(p, 'POST', `/v0/aggregations/tags?limit=2&after=${page.body.pagination.endCursor}`, key, {});
    expect(next.body.data[0].id).toBe(all.body.data[2].id);
  });
});
