import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendor } from '../../../../domain/resources/vendors.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('vendors (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['vendors:read', 'vendors:write'] })).key;
  });
  afterAll(async () => p.close());

  it('400 naming the field: currency not ISO 4217, country not ISO 3166, missing name', async () => {
    const base = { companyId: p.companyA, name: 'V', defaultCurrency: 'DKK' };
    const cur = await call(p, 'POST', '/v1/vendors', key, { ...base, defaultCurrency: 'kroner' });
    expect(cur.status).toBe(400);
    expect(cur.body).toEqual({ type: 'VALIDATION_ERROR', message: expect.stringMatching(/body\.defaultCurrency/) });
    expect((await call(p, 'POST', '/v1/vendors', key, { ...base, country: 'Denmark' })).body.message).toMatch(/body\.country/);
    expect((await call(p, 'POST', '/v1/vendors', key, { companyId: p.companyA, defaultCurrency: 'DKK' })).body.message).toMatch(/name/);
  });

  it('400 for :search without company_id, or with an unknown state', async () => {
    const noCompany = await call(p, 'POST', '/v1/vendors:search', key, {});
    expect(noCompany.status).toBe(400);
    expect(noCompany.body.message).toMatch(/company_id/);
    const state = await call(p, 'POST', `/v1/vendors:search?company_id=${p.companyA}`, key, { states: ['GONE'] });
    expect(state.body.message).toMatch(/body\.states\.0/);
  });

  it('400 for PUT without the required state/externalId; 400 :activate without externalId', async () => {
    const v = await createVendor(p.database.db, p.companyA, { name: 'V', defaultCurrency: 'DKK' });
    const put = await call(p, 'PUT', `/v1/vendors/${v.id}`, key, {
      companyId: p.companyA,
      name: 'V',
      defaultCurrency: 'DKK',
      externalId: 'X',
    });
    expect(put.body.message).toMatch(/state/);
    const act = await call(p, 'POST', `/v1/vendors/${v.id}:activate`, key, {});
    expect(act.status).toBe(400);
    expect(act.body.message).toMatch(/externalId/);
  });

  it('409 VENDOR_ALREADY_EXISTS for a second vendor with the same externalId', async () => {
    await createVendor(p.database.db, p.companyA, { name: 'First', defaultCurrency: 'DKK', externalId: 'DUP' });
    const res = await call(p, 'POST', '/v1/vendors', key, {
      companyId: p.companyA,
      name: 'Second',
      defaultCurrency: 'DKK',
      externalId: 'DUP',
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('VENDOR_ALREADY_EXISTS');
    // Another company may use the same externalId.
    const other = await p.issueKey({ scopes: ['vendors:write'], companyId: p.companyB });
    expect(
      (await call(p, 'POST', '/v1/vendors', other.key, { companyId: p.companyB, name: 'B', defaultCurrency: 'EUR', externalId: 'DUP' }))
        .status,
    ).toBe(201);
  });

  it('404 for an unknown vendor, also on :archive', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await call(p, 'GET', `/v1/vendors/${id}`, key)).status).toBe(404);
    const res = await call(p, 'POST', `/v1/vendors/${id}:archive`, key);
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/vendor/);
  });
});
