import type { Connector } from '../index.ts';
import { appDb, migrateApp } from './db.ts';
import { SignIn } from './sign-in.ts';

export const DEMO_TENANT_NAME = 'Acme ApS (Ledgerly customer)';
export const DEMO_CONNECTOR_PASSWORD = 'latchkey-demo';
export const DEMO_CUSTOMER_EMAIL = 'customer@acme.test';
export const DEMO_OPERATOR_EMAIL = 'ops@ledgerly.test';

export interface ConnectorDemo {
  tenantId: string;
  tenantName: string;
  logins: { role: 'customer' | 'operator'; email: string; password: string }[];
}

/**
 * The connector side of the demo: a tenant "Acme ApS (Ledgerly customer)" with the customer login
 * `customer@acme.test` and an operator `ops@ledgerly.test` (both `latchkey-demo`). Idempotent: a second
 * run finds them and changes nothing.
 */
export async function seedConnectorDemo(connector: Connector): Promise<ConnectorDemo> {
  await migrateApp(connector.database);
  const db = appDb(connector.database);
  const signIn = new SignIn(db, connector.tenants, 1);

  const tenant =
    (await connector.tenants.list()).find((t) => t.name === DEMO_TENANT_NAME) ??
    (await connector.tenants.create({ name: DEMO_TENANT_NAME }));
  const user = await db.selectFrom('tenant_users').select('id').where('email', '=', DEMO_CUSTOMER_EMAIL).executeTakeFirst();
  if (!user) await connector.tenants.createUser(tenant.id, { email: DEMO_CUSTOMER_EMAIL, password: DEMO_CONNECTOR_PASSWORD });
  if (!(await signIn.findOperatorByEmail(DEMO_OPERATOR_EMAIL))) {
    await signIn.createOperator({ email: DEMO_OPERATOR_EMAIL, password: DEMO_CONNECTOR_PASSWORD, name: 'Ledgerly Operations' });
  }
  return {
    tenantId: tenant.id,
    tenantName: tenant.name,
    logins: [
      { role: 'customer', email: DEMO_CUSTOMER_EMAIL, password: DEMO_CONNECTOR_PASSWORD },
      { role: 'operator', email: DEMO_OPERATOR_EMAIL, password: DEMO_CONNECTOR_PASSWORD },
    ],
  };
}

/** Adds an operator of the integration (sees every connection, never a key). */
export async function createOperator(connector: Connector, input: { email: string; password: string; name?: string }) {
  await migrateApp(connector.database);
  return new SignIn(appDb(connector.database), connector.tenants, 1).createOperator(input);
}
