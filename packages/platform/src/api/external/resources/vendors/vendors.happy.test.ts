import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendor } from '../../../../domain/resources/vendors.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('vendors (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['vendors:read', 'vendors:write'] })).key;
  });
  afterAll(async () => p.close());

  it('POST creates (201) a VendorResponse: ACTIVE with an externalId, DRAFT without', async () => {
    const res = await call(p, 'POST', '/v1/vendors', key, {
      companyId: p.companyA,
      name: 'Pleo',
      defaultCurrency: 'DKK',
      country: 'DK',
      externalId: 'V-1',
      code: '7001',
      registrationNumber: '36410876',
      taxRegistrationNumber: 'DK36410876',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(String),
      companyId: p.companyA,
      name: 'Pleo',
      defaultCurrency: 'DKK',
      country: 'DK',
      externalId: 'V-1',
      code: '7001',
      registrationNumber: '36410876',
      taxRegistrationNumber: 'DK36410876',
      state: 'ACTIVE',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const draft = await call(p, 'POST', '/v1/vendors', key, { companyId: p.companyA, name: 'New supplier', defaultCurrency: 'EUR' });
    expect(draft.body.data).toMatchObject({ state: 'DRAFT', name: 'New supplier' });
    expect(draft.body.data.externalId).toBeUndefined();
    expect((await call(p, 'GET', `/v1/vendors/${res.body.data.id}`, key)).body).toEqual(res.body);
  });

  it(':activate makes a DRAFT vendor ACTIVE with the ERP’s ids; :archive archives (204)', async () => {
    const v = await createVendor(p.database.db, p.companyA, { name: 'Draft Co', defaultCurrency: 'DKK' });
    expect(v.state).toBe('DRAFT');
    const act = await call(p, 'POST', `/v1/vendors/${v.id}:activate`, key, { externalId: 'ERP-9', code: '9' });
    expect(act.status).toBe(204);
    expect((await call(p, 'GET', `/v1/vendors/${v.id}`, key)).body.data).toMatchObject({ state: 'ACTIVE', externalId: 'ERP-9', code: '9' });
    expect((await call(p, 'POST', `/v1/vendors/${v.id}:archive`, key)).status).toBe(204);
    expect((await call(p, 'GET', `/v1/vendors/${v.id}`, key)).body.data.state).toBe('ARCHIVED');
  });

  it('PUT updates every field and the state', async () => {
    const v = await createVendor(p.database.db, p.companyA, { name: 'Old name', defaultCurrency: 'DKK', externalId: 'V-PUT' });
    const res = await call(p, 'PUT', `/v1/vendors/${v.id}`, key, {
      companyId: p.companyA,
      name: 'New name',
      defaultCurrency: 'SEK',
      externalId: 'V-PUT',
      state: 'ACTIVE',
      country: 'SE',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: v.id,
      name: 'New name',
      defaultCurrency: 'SEK',
      country: 'SE',
      state: 'ACTIVE',
      createdAt: v.createdAt,
    });
  });

  it(':search filters by name, states, externalIds, countries and ids, paginated', async () => {
    const db = p.database.db;
    const a = await createVendor(db, p.companyA, { name: 'Search Alpha', defaultCurrency: 'EUR', country: 'DE', externalId: 'S-A' });
    const b = await createVendor(db, p.companyA, { name: 'Search Beta', defaultCurrency: 'EUR', country: 'FR' });
    await createVendor(db, p.companyB, { name: 'Search Gamma', defaultCurrency: 'EUR' });
    const search = (body: object | undefined, q = '') => call(p, 'POST', `/v1/vendors:search?company_id=${p.companyA}${q}`, key, body);
    const ids = async (body: object) => (await search(body)).body.data.map((v: { id: string }) => v.id);
    expect(await ids({ name: 'search' })).toEqual([a.id, b.id]);
    expect(await ids({ name: 'search', states: ['DRAFT'] })).toEqual([b.id]);
    expect(await ids({ externalIds: ['S-A'] })).toEqual([a.id]);
    expect(await ids({ countries: ['FR'] })).toEqual([b.id]);
    expect(await ids({ ids: [b.id] })).toEqual([b.id]);
    const all = await search(undefined);
    expect(all.status).toBe(200);
    expect(all.body.data.every((v: { companyId: string }) => v.companyId === p.companyA)).toBe(true);
    const page = await search({ name: 'search' }, '&limit=1');
    expect(page.body.pagination).toMatchObject({
      hasNextPage: true,
      total: 2,
      currentRequestPagination: { limit: 1, parameters: { company_id: [p.companyA] } },
    });
  });
});
