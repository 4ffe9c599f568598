import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTag, createTagGroup } from '../../../../domain/resources/tags.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('tag groups and tags (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['tag-groups:read', 'tag-groups:write'] })).key;
  });
  afterAll(async () => p.close());

  it('tag group: create (TagGroupModel), list {data: [...]}, get, update', async () => {
    const created = await call(p, 'POST', `/v0/tag-groups?company_id=${p.companyA}`, key, {
      code: 'PROJ',
      name: 'Projects',
      archived: false,
      metadata: { externalExtraId: 'x-1' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({
      id: expect.any(String),
      companyId: p.companyA,
      code: 'PROJ',
      name: 'Projects',
      archived: false,
      metadata: { externalExtraId: 'x-1' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.body.data.id;
    await createTagGroup(p.database.db, p.companyB, { code: 'PROJ', name: 'Other company', archived: false });
    const list = await call(p, 'GET', '/v0/tag-groups', key);
    expect(list.body).toEqual({ data: [created.body.data] });
    expect((await call(p, 'GET', `/v0/tag-groups/${id}`, key)).body).toEqual(created.body);
    const put = await call(p, 'PUT', `/v0/tag-groups/${id}`, key, { code: 'PRJ', name: 'Projects 2025', archived: true, metadata: {} });
    expect(put.body.data).toMatchObject({ id, code: 'PRJ', name: 'Projects 2025', archived: true, metadata: {} });
  });

  it('tags: create under a group (TagModel), list the group’s (archived only on request), search, get, update, delete', async () => {
    const db = p.database.db;
    const group = await createTagGroup(db, p.companyA, { code: 'DEPT', name: 'Departments', archived: false });
    const res = await call(p, 'POST', `/v0/tag-groups/${group.id}/tags`, key, { code: 'SALES', name: 'Sales', archived: false });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(String),
      groupId: group.id,
      code: 'SALES',
      name: 'Sales',
      archived: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const eng = await createTag(db, p.companyA, group.id, { code: 'ENG', name: 'Engineering', archived: false });
    const old = await createTag(db, p.companyA, group.id, { code: 'OLD', archived: true });
    await createTag(db, p.companyB, (await createTagGroup(db, p.companyB, { code: 'DEPT', name: 'D', archived: false })).id, {
      code: 'SALES',
      archived: false,
    });

    const ids = (r: { body: { data: Array<{ id: string }> } }) => r.body.data.map((t) => t.id);
    expect(ids(await call(p, 'GET', `/v0/tag-groups/${group.id}/tags`, key))).toEqual([res.body.data.id, eng.id]);
    expect(ids(await call(p, 'GET', `/v0/tag-groups/${group.id}/tags?include_archived=true`, key))).toEqual([
      res.body.data.id,
      eng.id,
      old.id,
    ]);
    const page = await call(p, 'GET', `/v0/tag-groups/${group.id}/tags?limit=1`, key);
    expect(page.body.pagination).toMatchObject({ hasNextPage: true, total: 2 });

    expect(ids(await call(p, 'GET', '/v0/tags?text_search=engin', key))).toEqual([eng.id]);
    expect(ids(await call(p, 'GET', '/v0/tags?text_search=sales', key))).toEqual([res.body.data.id]);
    expect((await call(p, 'GET', `/v0/tags?company_id=${p.companyA}`, key)).body.pagination.total).toBe(3);

    expect((await call(p, 'GET', `/v0/tags/${eng.id}`, key)).body.data).toEqual(eng);
    const put = await call(p, 'PUT', `/v0/tags/${eng.id}`, key, { code: 'ENG', name: 'R&D', archived: false });
    expect(put.body.data).toMatchObject({ id: eng.id, name: 'R&D' });
    expect((await call(p, 'DELETE', `/v0/tags/${old.id}`, key)).status).toBe(204);
    expect((await call(p, 'GET', `/v0/tags/${old.id}`, key)).status).toBe(404);
  });

  it('DELETE a tag group answers true and removes its tags', async () => {
    const db = p.database.db;
    const group = await createTagGroup(db, p.companyA, { code: 'TMP', name: 'Temporary', archived: false });
    const t = await createTag(db, p.companyA, group.id, { code: 'T1', archived: false });
    const del = await call(p, 'DELETE', `/v0/tag-groups/${group.id}`, key);
    expect(del.status).toBe(200);
    expect(del.body).toBe(true);
    expect((await call(p, 'GET', `/v0/tags/${t.id}`, key)).status).toBe(404);
  });
});
