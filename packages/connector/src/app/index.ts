export { buildWebIfStale, webIsStale } from './build.ts';
export { migrateApp } from './db.ts';
export { WEB_DIST, WEB_ROOT } from './paths.ts';
export type { Connection, OperatorConnection, Principal } from './schemas.ts';
export {
  type ConnectorDemo,
  createOperator,
  DEMO_CONNECTOR_PASSWORD,
  DEMO_CUSTOMER_EMAIL,
  DEMO_OPERATOR_EMAIL,
  DEMO_TENANT_NAME,
  seedConnectorDemo,
} from './seed.ts';
export { type ConnectorApp, type ConnectorAppOptions, demoExportHandler, startConnectorApp } from './server.ts';
export type { Operator } from './sign-in.ts';
