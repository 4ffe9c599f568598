import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_PASSWORD, DEMO_CUSTOMER_EMAIL, DEMO_OPERATOR_EMAIL, DEMO_TENANT_NAME, seedConnectorDemo } from './seed.ts';
import { startTestApp, type TestApp } from './test-support.ts';

describe('the demo seed', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Seeding never calls the platform: nothing needs to listen there.
    app = await startTestApp({ platformBaseUrl: 'http://127.0.0.1:9' });
  });
  afterAll(async () => app?.close());

  it('seedConnectorDemo is idempotent and its logins work', async () => {
    const first = await seedConnectorDemo(app.connector);
    const second = await seedConnectorDemo(app.connector);
    expect(second.tenantId).toBe(first.tenantId);
    expect((await app.connector.tenants.list()).filter((t) => t.name === DEMO_TENANT_NAME)).toHaveLength(1);
    const cust = app.client();
    expect((await cust.login(DEMO_CUSTOMER_EMAIL, DEMO_CONNECTOR_PASSWORD)).body.principal).toMatchObject({
      kind: 'customer',
      tenantName: DEMO_TENANT_NAME,
    });
    const ops = app.client();
    expect((await ops.login(DEMO_OPERATOR_EMAIL, DEMO_CONNECTOR_PASSWORD)).body.principal.kind).toBe('operator');
  });
});
