import { describeResourceSecurity } from '../test-fixtures.ts';

describeResourceSecurity('GET /v3/export-jobs', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v3/export-jobs?company_id=${w.a.companyId}&statuses=pending`,
  otherCompanyPath: () => `/v3/export-jobs?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('POST /v3/export-jobs', (w) => ({
  method: 'POST',
  scope: 'export-jobs:write',
  path: '/v3/export-jobs',
  body: () => ({ companyId: w.a.companyId, accountingEntryIds: w.a.readyExpenseIds }),
  otherCompanyBody: () => ({ companyId: w.b.companyId, accountingEntryIds: w.b.readyExpenseIds }),
}));
describeResourceSecurity('GET /v3/export-jobs/{jobId}', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v3/export-jobs/${w.a.jobId}`,
  otherCompanyPath: () => `/v3/export-jobs/${w.b.jobId}`,
}));
describeResourceSecurity('GET /v3/export-jobs/{jobId}/items', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v3/export-jobs/${w.a.jobId}/items`,
  otherCompanyPath: () => `/v3/export-jobs/${w.b.jobId}/items`,
}));
describeResourceSecurity('PUT /v3/export-jobs/{jobId}/items', (w) => ({
  method: 'PUT',
  scope: 'export-jobs:write',
  path: () => `/v3/export-jobs/${w.a.jobId}/items`,
  body: () => [{ accountingEntryId: w.a.jobExpenseId, status: 'in_progress' }],
  otherCompanyPath: () => `/v3/export-jobs/${w.b.jobId}/items`,
  otherCompanyBody: () => [{ accountingEntryId: w.b.jobExpenseId, status: 'successful' }],
}));
describeResourceSecurity('POST /v3/export-job-events', (w) => ({
  method: 'POST',
  scope: 'export-jobs:write',
  path: '/v3/export-job-events',
  body: () => ({ jobId: w.a.jobId, event: 'started' }),
  otherCompanyBody: () => ({ jobId: w.b.jobId, event: 'failed', failureReasonType: 'canceled_by_user' }),
}));
describeResourceSecurity('GET /v3/export-job-items', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v3/export-job-items?accounting_entry_id=${w.a.jobExpenseId}`,
  otherCompanyPath: () => `/v3/export-job-items?accounting_entry_id=${w.b.jobExpenseId}`,
}));
describeResourceSecurity('GET /v3/export-job-items (company_id)', (w) => ({
  method: 'GET',
  scope: 'export-jobs:read',
  path: () => `/v3/export-job-items?company_id=${w.a.companyId}&accounting_entry_id=${w.a.jobExpenseId}`,
  otherCompanyPath: () => `/v3/export-job-items?company_id=${w.b.companyId}&accounting_entry_id=${w.a.jobExpenseId}`,
}));
