import { describeResourceSecurity } from '../test-fixtures.ts';

const taxCode = (companyId: string) => ({ companyId, name: 'Security VAT', rate: 0.25, type: 'inclusive', archived: false, code: 'SEC' });

describeResourceSecurity('POST /v0/tax-codes', (w) => ({
  method: 'POST',
  scope: 'tax-codes:write',
  path: '/v0/tax-codes',
  body: () => taxCode(w.a.companyId),
  otherCompanyBody: () => taxCode(w.b.companyId),
}));
describeResourceSecurity('POST /v0/tax-codes:search', (w) => ({
  method: 'POST',
  scope: 'tax-codes:read',
  path: () => `/v0/tax-codes:search?company_id=${w.a.companyId}`,
  body: {},
  otherCompanyPath: () => `/v0/tax-codes:search?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('GET /v0/tax-codes/{taxCodeId}', (w) => ({
  method: 'GET',
  scope: 'tax-codes:read',
  path: () => `/v0/tax-codes/${w.a.taxCodeId}`,
  otherCompanyPath: () => `/v0/tax-codes/${w.b.taxCodeId}`,
}));
describeResourceSecurity('PUT /v0/tax-codes/{taxCodeId}', (w) => ({
  method: 'PUT',
  scope: 'tax-codes:write',
  path: () => `/v0/tax-codes/${w.a.taxCodeId}`,
  body: () => taxCode(w.a.companyId),
  otherCompanyPath: () => `/v0/tax-codes/${w.b.taxCodeId}`,
  otherCompanyBody: () => taxCode(w.a.companyId),
}));
describeResourceSecurity('DELETE /v0/tax-codes/{taxCodeId}', (w) => ({
  method: 'DELETE',
  scope: 'tax-codes:write',
  path: () => `/v0/tax-codes/${w.a.taxCodeId}`,
  otherCompanyPath: () => `/v0/tax-codes/${w.b.taxCodeId}`,
}));
