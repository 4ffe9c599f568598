import { call, describeRouteSecurity, type RouteUnderTest, type SecurityContext } from '../../security-suite.ts';

/**
 * The subscription operations need no scope of their own (Pleo names none: any key of the installation manages
 * its subscriptions); subscribing to an event needs its resource's read scope, so create and update are tested
 * with that scope. Another company's subscription is 404 (another installation of the same company: error tests).
 */
const body = { endpointUrl: 'https://erp.example/hooks', eventTypes: ['v1.vendor.created'] };
const ids = { a: '', b: '' };

async function setup(ctx: SecurityContext): Promise<void> {
  ids.a = (await call(ctx.platform, 'POST', '/v1/subscriptions', ctx.full.key, body)).body.data.id;
  ids.b = (await call(ctx.platform, 'POST', '/v1/subscriptions', ctx.otherCompany.key, body)).body.data.id;
}

const routes: Array<[string, RouteUnderTest]> = [
  ['GET /v1/subscriptions', { method: 'GET', scope: null, path: '/v1/subscriptions' }],
  ['POST /v1/subscriptions (v1.vendor.created)', { method: 'POST', scope: 'vendors:read', path: '/v1/subscriptions', body }],
  [
    'POST /v1/subscriptions (v1.export-job.created)',
    { method: 'POST', scope: 'export-jobs:read', path: '/v1/subscriptions', body: { ...body, eventTypes: ['v1.export-job.created'] } },
  ],
  [
    'GET /v1/subscriptions/{id}',
    { method: 'GET', scope: null, path: () => `/v1/subscriptions/${ids.a}`, otherCompanyPath: () => `/v1/subscriptions/${ids.b}` },
  ],
  [
    'PUT /v1/subscriptions/{id}',
    {
      method: 'PUT',
      scope: 'vendors:read',
      path: () => `/v1/subscriptions/${ids.a}`,
      body,
      otherCompanyPath: () => `/v1/subscriptions/${ids.b}`,
    },
  ],
  [
    'DELETE /v1/subscriptions/{id}',
    { method: 'DELETE', scope: null, path: () => `/v1/subscriptions/${ids.a}`, otherCompanyPath: () => `/v1/subscriptions/${ids.b}` },
  ],
  [
    'GET /v1/subscriptions/{id}/activities',
    {
      method: 'GET',
      scope: null,
      path: () => `/v1/subscriptions/${ids.a}/activities`,
      otherCompanyPath: () => `/v1/subscriptions/${ids.b}/activities`,
    },
  ],
  [
    'GET /v1/subscriptions/{id}/secret',
    {
      method: 'GET',
      scope: null,
      path: () => `/v1/subscriptions/${ids.a}/secret`,
      otherCompanyPath: () => `/v1/subscriptions/${ids.b}/secret`,
    },
  ],
];

for (const [name, route] of routes) describeRouteSecurity(name, route, setup);
