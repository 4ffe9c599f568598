/**
 * Peer: Better Auth's API-key plugin (`@better-auth/api-key`) on SQLite in WAL mode (better-sqlite3, the
 * project's copy), behind Fastify: every request verifies its `x-api-key` with `auth.api.verifyApiKey`
 * and answers the same installation-shaped body as ours. The plugin's own rate limit is off (as ours is
 * raised out of the way); everything else is its default.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import SQLite from 'better-sqlite3';
import { childFail, childPayload, untilStopped } from '../lib/child.ts';
import { type PeerPayload, type PeerReady, peerServer } from './server.ts';

async function main(): Promise<void> {
  const p = childPayload<PeerPayload>();
  rmSync(p.dataDir, { recursive: true, force: true });
  mkdirSync(p.dataDir, { recursive: true });
  const sqlite = new SQLite(join(p.dataDir, 'better-auth.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const auth = betterAuth({
    database: sqlite,
    secret: 'bench-peer-secret-bench-peer-secret-0123456789',
    baseURL: 'http://127.0.0.1',
    emailAndPassword: { enabled: true },
    plugins: [apiKey({ rateLimit: { enabled: false } })],
    logger: { disabled: true },
    telemetry: { enabled: false },
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  const { user } = await auth.api.signUpEmail({ body: { email: 'bench@peer.test', password: 'bench-peer-password', name: 'Bench' } });
  const { key } = await auth.api.createApiKey({ body: { userId: user.id, name: 'bench' } });

  const app = await peerServer((req) => {
    const header = req.headers['x-api-key'];
    if (typeof header !== 'string') return false;
    return auth.api.verifyApiKey({ body: { key: header } }).then((r) => r.valid);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const ready: PeerReady = { type: 'ready', url, headers: { 'x-api-key': key } };
  process.send?.(ready);
  await untilStopped();
  await app.close();
  sqlite.close();
  process.exit(0);
}

main().catch(childFail);
