import { describeResourceSecurity } from '../test-fixtures.ts';

describeResourceSecurity('GET /v2/employees', (w) => ({
  method: 'GET',
  scope: 'users:read',
  path: () => `/v2/employees?companyId=${w.a.companyId}`,
  otherCompanyPath: () => `/v2/employees?companyId=${w.b.companyId}`,
}));
describeResourceSecurity('GET /v2/employees/{employeeId}', (w) => ({
  method: 'GET',
  scope: 'users:read',
  path: () => `/v2/employees/${w.a.employeeId}`,
  otherCompanyPath: () => `/v2/employees/${w.b.employeeId}`,
}));
