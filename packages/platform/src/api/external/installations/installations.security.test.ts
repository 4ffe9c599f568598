import { describeRouteSecurity } from '../security-suite.ts';

describeRouteSecurity('GET /v1/installations/me', {
  method: 'GET',
  path: '/v1/installations/me',
  scope: null,
  otherCompanyPath: (ctx) => `/v1/installations/me?company_id=${ctx.platform.companyB}`,
});
describeRouteSecurity('PUT /v1/installations/me', {
  method: 'PUT',
  path: '/v1/installations/me',
  scope: null,
  body: { status: 'INACTIVE', errorCode: 'AUTH_ERROR' },
});
describeRouteSecurity('POST /v1/installations/me', { method: 'POST', path: '/v1/installations/me', scope: null, body: { metadata: {} } });
describeRouteSecurity('POST /v1/installations/me:activate', { method: 'POST', path: '/v1/installations/me:activate', scope: null });
describeRouteSecurity('DELETE /v1/installations/me', { method: 'DELETE', path: '/v1/installations/me', scope: null });
describeRouteSecurity('GET /v1/introspect', { method: 'GET', path: '/v1/introspect', scope: null });
