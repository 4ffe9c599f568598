/**
 * The connector side of item 5, in its own process: a fresh connector database holding `count`
 * connected connections (one tenant each), every key a seeded platform key stored through the vault;
 * on request, the health monitor's `checkAll` over the whole fleet.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { PlatformClient } from '@latchkey/connector/client/client.ts';
import { ConnectionStore } from '@latchkey/connector/connections/store.ts';
import { migrate, openDatabase } from '@latchkey/connector/db/database.ts';
import { HealthMonitor } from '@latchkey/connector/health/monitor.ts';
import { Vault } from '@latchkey/connector/vault/vault.ts';
import { keyHint } from '@latchkey/keys';
import { childFail, childPayload, untilStopped } from '../lib/child.ts';
import { benchKey } from '../lib/keys.ts';
import { seededCompanyOf } from '../lib/seed.ts';

export interface FleetPayload {
  platformUrl: string;
  dataDir: string;
  /** Connections in the fleet: seeded keys 0 … count−1. */
  count: number;
  /** Keys in the platform's seeded database (for the company layout). */
  seededCount: number;
  concurrency: number;
}

export type FleetMessage =
  | { type: 'ready'; setupSeconds: number }
  | { type: 'result'; checked: number; seconds: number; byResult: Record<string, number>; complete: boolean };

async function main(): Promise<void> {
  const p = childPayload<FleetPayload>();
  const started = performance.now();
  rmSync(p.dataDir, { recursive: true, force: true });
  const database = await openDatabase({ dataDir: p.dataDir });
  await migrate(database);
  const db = database.db;
  const vault = new Vault([{ id: 'bench', key: randomBytes(32) }]);
  const store = new ConnectionStore(db);
  const client = new PlatformClient({ baseUrl: p.platformUrl, retries: 0 });
  const monitor = new HealthMonitor({
    store,
    vault,
    client,
    requiredScopes: ['accounts:read', 'export-jobs:write', 'vendors:read'],
    messages: { platformName: 'Latchkey' },
    concurrency: p.concurrency,
  });

  const at = new Date().toISOString();
  const BATCH = 500;
  for (let from = 0; from < p.count; from += BATCH) {
    await db.transaction().execute(async (trx) => {
      for (let i = from; i < Math.min(p.count, from + BATCH); i++) {
        const tenantId = randomUUID();
        const id = randomUUID();
        const key = benchKey(i);
        await trx
          .insertInto('tenants')
          .values({ id: tenantId, name: `Tenant ${i}`, created_at: at })
          .execute();
        await trx
          .insertInto('connections')
          .values({
            id,
            tenant_id: tenantId,
            platform_base_url: p.platformUrl,
            state: 'connected',
            company_id: seededCompanyOf(i, p.seededCount),
            company_name: null,
            installation_id: null,
            application_name: null,
            key_hint: keyHint(key),
            secret: vault.encrypt(key, { tenantId, connectionId: id }),
            secret_key_id: vault.currentKeyId,
            pending_secret: null,
            pending_secret_key_id: null,
            reported_status: 'ACTIVATED',
            reported_error_code: null,
            last_checked_at: null,
            last_success_at: null,
            last_error_class: null,
            last_error_message: null,
            last_failure_counted_at: null,
            next_check_at: null,
            connected_at: at,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
    });
  }
  process.send?.({ type: 'ready', setupSeconds: (performance.now() - started) / 1000 });

  process.on('message', (m: { type?: string; maxSeconds?: number }) => {
    if (m?.type !== 'run') return;
    // One pass over the fleet, cut short after `maxSeconds` (checks in flight then finish): the rate is
    // the checks completed by the last completion, over the time to it.
    const t = performance.now();
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), (m.maxSeconds ?? 3600) * 1000);
    let checked = 0;
    let last = t;
    const byResult: Record<string, number> = {};
    monitor
      .checkAll({
        concurrency: p.concurrency,
        signal: stop.signal,
        onProgress: ({ outcome }) => {
          checked++;
          last = performance.now();
          byResult[outcome.result] = (byResult[outcome.result] ?? 0) + 1;
        },
      })
      .catch((err) => {
        if (!stop.signal.aborted) throw err;
      })
      .then(() => {
        clearTimeout(timer);
        process.send?.({ type: 'result', checked, seconds: (last - t) / 1000, byResult, complete: !stop.signal.aborted });
      })
      .catch(childFail);
  });
  await untilStopped();
  await database.close();
  process.exit(0);
}

main().catch(childFail);
