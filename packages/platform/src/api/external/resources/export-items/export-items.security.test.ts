import { describeResourceSecurity } from '../test-fixtures.ts';

describeResourceSecurity('GET /v3/export-items', (w) => ({
  method: 'GET',
  scope: 'export-items:read',
  path: () => `/v3/export-items?job_id=${w.a.jobId}`,
  otherCompanyPath: () => `/v3/export-items?job_id=${w.b.jobId}`,
}));
describeResourceSecurity('GET /v3/export-items/{accountingEntryId}', (w) => ({
  method: 'GET',
  scope: 'export-items:read',
  path: () => `/v3/export-items/${w.a.jobExpenseId}`,
  otherCompanyPath: () => `/v3/export-items/${w.b.jobExpenseId}`,
}));
