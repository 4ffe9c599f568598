import { describeResourceSecurity } from '../test-fixtures.ts';

describeResourceSecurity('GET /v1/companies/{companyId}', (w) => ({
  method: 'GET',
  scope: 'companies:read',
  path: () => `/v1/companies/${w.a.companyId}`,
  otherCompanyPath: () => `/v1/companies/${w.b.companyId}`,
}));
// A company key can name no other company here: the list is its own company (see the happy test).
describeResourceSecurity('GET /v1/companies', () => ({ method: 'GET', scope: 'companies:read', path: '/v1/companies' }));
