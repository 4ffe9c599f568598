import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpense } from '../../../../domain/resources/expenses.ts';
import { createTag, createTagGroup } from '../../../../domain/resources/tags.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('tag groups and tags (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['tag-groups:read', 'tag-groups:write'] })).key;
  });
  afterAll(async () => p.close());

  it('400 naming the field: missing code, metadata not an object, non-boolean archived', async () => {
    const noCode = await call(p, 'POST', '/v0/tag-groups', key, { name: 'X', archived: false });
    expect(noCode.status).toBe(400);
    expect(noCode.body).toEqual({ type: 'VALIDATION_ERROR', message: "body must have required property 'code'" });
    expect(
      (await call(p, 'POST', '/v0/tag-groups', key, { code: 'X', name: 'X', archived: false, metadata: 'text' })).body.message,
    ).toMatch(/body\.metadata/);
    const g = await createTagGroup(p.database.db, p.companyA, { code: 'G', name: 'G', archived: false });
    expect((await call(p, 'POST', `/v0/tag-groups/${g.id}/tags`, key, { code: 'T', archived: 'no' })).body.message).toMatch(
      /body\.archived/,
    );
    expect((await call(p, 'PUT', `/v0/tag-groups/${g.id}`, key, { code: 'G', name: 'G', archived: false })).body.message).toMatch(
      /metadata/,
    );
  });

  it('409 for a duplicate group code or a duplicate tag code in the same group', async () => {
    const g = await createTagGroup(p.database.db, p.companyA, { code: 'DUP', name: 'Dup', archived: false });
    const group = await call(p, 'POST', '/v0/tag-groups', key, { code: 'DUP', name: 'Again', archived: false });
    expect(group.status).toBe(409);
    expect(group.body.type).toBe('TAG_GROUP_ALREADY_EXISTS');
    await createTag(p.database.db, p.companyA, g.id, { code: 'T', archived: false });
    const tag = await call(p, 'POST', `/v0/tag-groups/${g.id}/tags`, key, { code: 'T', archived: false });
    expect(tag.status).toBe(409);
    expect(tag.body.type).toBe('TAG_ALREADY_EXISTS');
  });

  it('409 TAG_IN_USE deleting a tag (or its group) that an expense carries', async () => {
    const g = await createTagGroup(p.database.db, p.companyA, { code: 'USED', name: 'Used', archived: false });
    const t = await createTag(p.database.db, p.companyA, g.id, { code: 'U', archived: false });
    await createExpense(p.database.db, p.companyA, { date: new Date().toISOString(), amount: 100, tagIds: [t.id] });
    expect((await call(p, 'DELETE', `/v0/tags/${t.id}`, key)).body.type).toBe('TAG_IN_USE');
    const del = await call(p, 'DELETE', `/v0/tag-groups/${g.id}`, key);
    expect(del.status).toBe(409);
    expect(del.body.type).toBe('TAG_IN_USE');
  });

  it('404 for tags of an unknown group; 400 for a malformed id', async () => {
    expect((await call(p, 'GET', '/v0/tag-groups/00000000-0000-4000-8000-000000000000/tags', key)).status).toBe(404);
    expect((await call(p, 'GET', '/v0/tags/abc', key)).body.message).toMatch(/params\.tagId/);
  });
});
