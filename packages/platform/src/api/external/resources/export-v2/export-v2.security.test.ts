import { describeResourceSecurity } from '../test-fixtures.ts';

describeResourceSecurity('GET /v2/export-jobs', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v2/export-jobs?company_id=${w.a.companyId}&status=pending`,
  otherCompanyPath: () => `/v2/export-jobs?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('POST /v2/export-jobs', (w) => ({
  method: 'POST',
  scope: 'export-jobs:write',
  path: '/v2/export-jobs',
  body: () => ({ companyId: w.a.companyId, accountingEntryIds: w.a.readyExpenseIds }),
  otherCompanyBody: () => ({ companyId: w.b.companyId, accountingEntryIds: w.b.readyExpenseIds }),
}));
describeResourceSecurity('GET /v2/export-jobs/{jobId}', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v2/export-jobs/${w.a.jobId}`,
  otherCompanyPath: () => `/v2/export-jobs/${w.b.jobId}`,
}));
describeResourceSecurity('GET /v2/export-jobs/{jobId}/items', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v2/export-jobs/${w.a.jobId}/items`,
  otherCompanyPath: () => `/v2/export-jobs/${w.b.jobId}/items`,
}));
describeResourceSecurity('PUT /v2/export-jobs/{jobId}/items', (w) => ({
  method: 'PUT',
  scope: 'export-jobs:write',
  path: () => `/v2/export-jobs/${w.a.jobId}/items`,
  body: () => [{ accountingEntryId: w.a.jobExpenseId, status: 'in_progress' }],
  otherCompanyPath: () => `/v2/export-jobs/${w.b.jobId}/items`,
  otherCompanyBody: () => [{ accountingEntryId: w.b.jobExpenseId, status: 'successful' }],
}));
describeResourceSecurity('POST /v2/export-job-events', (w) => ({
  method: 'POST',
  scope: 'export-jobs:write',
  path: '/v2/export-job-events',
  body: () => ({ jobId: w.a.jobId, event: 'started' }),
  otherCompanyBody: () => ({ jobId: w.b.jobId, event: 'failed', failureReasonType: 'canceled_by_user' }),
}));
describeResourceSecurity('GET /v2/export-items', (w) => ({
  method: 'GET',
  scope: 'export-items:read',
  path: () => `/v2/export-items?job_id=${w.a.jobId}`,
  otherCompanyPath: () => `/v2/export-items?job_id=${w.b.jobId}`,
}));
