import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany } from '../../../../domain/accounts.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('companies (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  let companyId: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    companyId = await createCompany(p.database.db, {
      name: 'Nordlys ApS',
      registrationNumber: 'DK87654321',
      countryCode: 'DK',
      address: { addressLine1: 'Vesterbrogade 1', locality: 'Copenhagen', postalCode: '1620', country: 'DK' },
    });
    key = (await p.issueKey({ scopes: ['companies:read'], companyId })).key;
  });
  afterAll(async () => p.close());

  it('GET /v1/companies/{id} answers {data} shaped like ExternalCompanyResponseModel', async () => {
    const res = await call(p, 'GET', `/v1/companies/${companyId}`, key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.body).toEqual({
      data: {
        id: companyId,
        name: 'Nordlys ApS',
        registrationNumber: 'DK87654321',
        address: { addressLine1: 'Vesterbrogade 1', locality: 'Copenhagen', postalCode: '1620', country: 'DK' },
      },
    });
  });

  it('a company without a stored address still has an address object (country from the company)', async () => {
    const res = await call(p, 'GET', `/v1/companies/${p.companyA}`, (await p.issueKey({ scopes: ['companies:read'] })).key);
    expect(res.status).toBe(200);
    expect(res.body.data.address).toEqual({ country: 'DK' });
    expect(res.body.data.registrationNumber).toBeUndefined();
  });

  it('GET /v1/companies lists exactly the key’s company, with Pleo pagination', async () => {
    const res = await call(p, 'GET', '/v1/companies?limit=10', key);
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([companyId]);
    expect(res.body.pagination).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: false,
      total: 1,
      currentRequestPagination: { limit: 10 },
    });
  });
});
