import { describeResourceSecurity } from '../test-fixtures.ts';

const vendor = (companyId: string) => ({
  companyId,
  name: 'Security Vendor',
  defaultCurrency: 'DKK',
  externalId: 'V-SEC',
  state: 'ACTIVE',
});

describeResourceSecurity('POST /v1/vendors', (w) => ({
  method: 'POST',
  scope: 'vendors:write',
  path: '/v1/vendors',
  body: () => vendor(w.a.companyId),
  otherCompanyBody: () => vendor(w.b.companyId),
}));
describeResourceSecurity('POST /v1/vendors:search', (w) => ({
  method: 'POST',
  scope: 'vendors:read',
  path: () => `/v1/vendors:search?company_id=${w.a.companyId}`,
  body: {},
  otherCompanyPath: () => `/v1/vendors:search?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('GET /v1/vendors/{id}', (w) => ({
  method: 'GET',
  scope: 'vendors:read',
  path: () => `/v1/vendors/${w.a.vendorId}`,
  otherCompanyPath: () => `/v1/vendors/${w.b.vendorId}`,
}));
describeResourceSecurity('PUT /v1/vendors/{id}', (w) => ({
  method: 'PUT',
  scope: 'vendors:write',
  path: () => `/v1/vendors/${w.a.vendorId}`,
  body: () => vendor(w.a.companyId),
  otherCompanyPath: () => `/v1/vendors/${w.b.vendorId}`,
}));
describeResourceSecurity('POST /v1/vendors/{id}:archive', (w) => ({
  method: 'POST',
  scope: 'vendors:write',
  path: () => `/v1/vendors/${w.a.vendorId}:archive`,
  otherCompanyPath: () => `/v1/vendors/${w.b.vendorId}:archive`,
}));
describeResourceSecurity('POST /v1/vendors/{id}:activate', (w) => ({
  method: 'POST',
  scope: 'vendors:write',
  path: () => `/v1/vendors/${w.a.vendorId}:activate`,
  body: { externalId: 'V-SEC-2' },
  otherCompanyPath: () => `/v1/vendors/${w.b.vendorId}:activate`,
}));
