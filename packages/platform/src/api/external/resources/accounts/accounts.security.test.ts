import { describeResourceSecurity } from '../test-fixtures.ts';

const account = (companyId: string) => ({ companyId, externalId: 'SEC-1', name: 'Security test', archived: false });

describeResourceSecurity('POST /v1/chart-of-accounts', (w) => ({
  method: 'POST',
  scope: 'accounts:write',
  path: '/v1/chart-of-accounts',
  body: () => account(w.a.companyId),
  otherCompanyBody: () => account(w.b.companyId),
}));
describeResourceSecurity('POST /v1/chart-of-accounts/batch', (w) => ({
  method: 'POST',
  scope: 'accounts:write',
  path: '/v1/chart-of-accounts/batch',
  body: () => ({ companyId: w.a.companyId, items: [account(w.a.companyId)] }),
  otherCompanyBody: () => ({ companyId: w.b.companyId, items: [account(w.b.companyId)] }),
}));
describeResourceSecurity('POST /v1/chart-of-accounts:search', (w) => ({
  method: 'POST',
  scope: 'accounts:read',
  path: '/v1/chart-of-accounts:search',
  body: () => ({ companyId: w.a.companyId }),
  otherCompanyBody: () => ({ companyId: w.b.companyId }),
}));
describeResourceSecurity('GET /v1/chart-of-accounts/{accountId}', (w) => ({
  method: 'GET',
  scope: 'accounts:read',
  path: () => `/v1/chart-of-accounts/${w.a.accountId}`,
  otherCompanyPath: () => `/v1/chart-of-accounts/${w.b.accountId}`,
}));
describeResourceSecurity('PUT /v1/chart-of-accounts/{accountId}', (w) => ({
  method: 'PUT',
  scope: 'accounts:write',
  path: () => `/v1/chart-of-accounts/${w.a.accountId}`,
  body: { name: 'Renamed', archived: false },
  otherCompanyPath: () => `/v1/chart-of-accounts/${w.b.accountId}`,
}));
describeResourceSecurity('DELETE /v1/chart-of-accounts/{accountId}', (w) => ({
  method: 'DELETE',
  scope: 'accounts:write',
  path: () => `/v1/chart-of-accounts/${w.a.accountId}`,
  otherCompanyPath: () => `/v1/chart-of-accounts/${w.b.accountId}`,
}));
