import type { FuzzCredential, FuzzTarget } from '@latchkey/server-kit/testing';
import { buildWebIfStale } from './build.ts';
import { appDb } from './db.ts';
import type { Principal } from './schemas.ts';
import { SignIn } from './sign-in.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-support.ts';

export interface FuzzConnector {
  app: TestApp;
  target: FuzzTarget;
  close(): Promise<void>;
}

/** A level-tagged line per error the app logged, for the fuzzer to name what a 5xx was. */
function capturingLogger() {
  const errors: string[] = [];
  const lines: string[] = [];
  const write = (level: string) => (obj: object, msg?: string) => {
    const line = JSON.stringify({ level, msg, ...obj });
    lines.push(line);
    if (level === 'error') errors.push(`${msg ?? ''} ${JSON.stringify(obj)}`.slice(0, 300));
  };
  return {
    logger: { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') },
    lines,
    drain: () => errors.splice(0),
  };
}

/**
 * A test connector app pointed at `platformBaseUrl`, with two tenants (the first connected with
 * `key` when given) and an operator, and the fuzz target over all its routes as each of them.
 */
export async function startFuzzConnector(opts: { platformBaseUrl: string; key?: string; keyPrefix?: string }): Promise<FuzzConnector> {
  await buildWebIfStale(); // so `/*` serves the app rather than its "not built" 503
  const log = capturingLogger();
  const app = await startTestApp({
    platformBaseUrl: opts.platformBaseUrl,
    keyPrefix: opts.keyPrefix ?? 'lk',
    logger: log.logger,
    webhookSecret: `whsec_${Buffer.from('fuzz-secret-fuzz-secret-fuzz-secret').toString('base64')}`,
  });
  const a = await app.tenant('Fuzz A');
  const b = await app.tenant('Fuzz B');
  const op = await app.operator();
  const ids = [a.tenantId, b.tenantId];
  if (opts.key) {
    const r = await app.connector.connections.connect(a.tenantId, opts.key);
    if (r.ok) ids.push(r.connection.id);
  }
  const signIn = new SignIn(appDb(app.connector.database), app.connector.tenants, 3600_000);
  const principals: Principal[] = [];
  for (const email of [a.email, b.email, op.email]) {
    const p = await signIn.authenticate(email, TEST_PASSWORD);
    if (p) principals.push(p);
  }
  const cookieName = 'latchkey_connector_session';
  const target: FuzzTarget = {
    name: 'connector',
    app: app.app,
    ids,
    drainErrors: log.drain,
    async credentials() {
      const sets: FuzzCredential[] = [{ headers: {} }];
      for (const p of principals) {
        const { token, session } = await signIn.createSession(p);
        sets.push({ headers: { cookie: `${cookieName}=${token}`, 'x-csrf-token': session.csrfToken }, routes: /^\/api\// });
      }
      return sets;
    },
  };
  return { app, target, close: () => app.close() };
}
