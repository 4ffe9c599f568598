import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../../domain/resources/accounts.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('chart of accounts (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['accounts:read', 'accounts:write'] })).key;
  });
  afterAll(async () => p.close());

  it('POST creates (201) an account shaped like BookkeepingAccountRestModelV1; an identical repeat answers 200 with it', async () => {
    const body = {
      companyId: p.companyA,
      externalId: 'ext-2001',
      code: '2001',
      name: 'Bank Charges',
      archived: false,
      taxCodeExternalId: 'IVA 20',
    };
    const res = await call(p, 'POST', '/v1/chart-of-accounts', key, body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      data: {
        id: expect.any(String),
        companyId: p.companyA,
        externalId: 'ext-2001',
        code: '2001',
        name: 'Bank Charges',
        archived: false,
        taxCodeExternalId: 'IVA 20',
      },
    });
    const again = await call(p, 'POST', '/v1/chart-of-accounts', key, body);
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(res.body.data.id);
    const got = await call(p, 'GET', `/v1/chart-of-accounts/${res.body.data.id}`, key);
    expect(got.body).toEqual(res.body);
  });

  it('keeps metadata; PUT updates and archives', async () => {
    const created = await call(p, 'POST', '/v1/chart-of-accounts', key, {
      companyId: p.companyA,
      externalId: 'ext-meta',
      name: 'Meals',
      archived: false,
      metadata: { erpId: { n: 7 } },
    });
    expect(created.body.data.metadata).toEqual({ erpId: { n: 7 } });
    expect(created.body.data.code).toBeNull();
    const id = created.body.data.id;
    const put = await call(p, 'PUT', `/v1/chart-of-accounts/${id}`, key, { name: 'Meals & drinks', archived: true, code: '2720' });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({
      id,
      externalId: 'ext-meta',
      name: 'Meals & drinks',
      archived: true,
      code: '2720',
      metadata: { erpId: { n: 7 } },
    });
  });

  it('POST :search filters by archived, codes, externalId, ids and name, paginated', async () => {
    const db = p.database.db;
    const made: string[] = [];
    for (const [n, name] of [
      ['5001', 'Travel'],
      ['5002', 'Travel abroad'],
      ['5003', 'Software'],
    ] as const) {
      made.push((await createAccount(db, p.companyA, { externalId: `s-${n}`, code: n, name, archived: n === '5003' })).account.id);
    }
    const all = await call(p, 'POST', '/v1/chart-of-accounts:search', key, {
      companyId: p.companyA,
      excludeIfAssignedToCategory: false,
      excludeIfAssignedToContraAccount: false,
    });
    expect(all.status).toBe(200);
    expect(all.body.pagination.total).toBe(all.body.data.length);
    expect(all.body.data.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(made));
    const search = (body: object) => call(p, 'POST', '/v1/chart-of-accounts:search', key, { companyId: p.companyA, ...body });
    const ids = async (body: object) => (await search(body)).body.data.map((a: { id: string }) => a.id);
    expect(await ids({ name: 'travel' })).toEqual([made[0], made[1]]);
    expect(await ids({ codes: ['5001', '5003'] })).toEqual([made[0], made[2]]);
    expect(await ids({ externalId: 's-5002' })).toEqual([made[1]]);
    expect(await ids({ ids: [made[2]], archived: true })).toEqual([made[2]]);
    expect(await ids({ ids: [made[2]], archived: false })).toEqual([]);
    const page = await call(p, 'POST', '/v1/chart-of-accounts:search?limit=1', key, { companyId: p.companyA, name: 'travel' });
    expect(page.body.data).toHaveLength(1);
    expect(page.body.pagination).toMatchObject({ hasNextPage: true, total: 2 });
  });

  it('POST /batch creates the valid items and reports the others with Pleo’s reasons', async () => {
    await createAccount(p.database.db, p.companyA, { externalId: 'dup', name: 'Existing', archived: false });
    const res = await call(p, 'POST', '/v1/chart-of-accounts/batch', key, {
      companyId: p.companyA,
      items: [
        { externalId: 'b-1', name: 'Batch one', archived: false, code: '6001' },
        { externalId: 'dup', name: 'Duplicate', archived: false },
        { externalId: 'b-3', name: '', archived: false },
        { externalId: 'b-1', name: 'Same batch twice', archived: false },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.data.created.map((a: { externalId: string }) => a.externalId)).toEqual(['b-1']);
    expect(res.body.data.failed).toEqual([
      { reasons: ['EXTERNAL_ID_ALREADY_EXISTS'], request: { externalId: 'dup', name: 'Duplicate', archived: false } },
      { reasons: ['NAME_EMPTY'], request: { externalId: 'b-3', name: '', archived: false } },
      { reasons: ['EXTERNAL_ID_ALREADY_EXISTS'], request: { externalId: 'b-1', name: 'Same batch twice', archived: false } },
    ]);
  });

  it('DELETE removes an unused account (204, then 404)', async () => {
    const { account } = await createAccount(p.database.db, p.companyA, { externalId: 'to-delete', name: 'Temp', archived: false });
    const del = await call(p, 'DELETE', `/v1/chart-of-accounts/${account.id}`, key);
    expect(del.status).toBe(204);
    expect((await call(p, 'GET', `/v1/chart-of-accounts/${account.id}`, key)).status).toBe(404);
  });
});
