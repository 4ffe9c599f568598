import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestKey, keyHint, SCOPES } from '@latchkey/keys';
import { openPlatformDatabase } from '@latchkey/platform';
import SQLite from 'better-sqlite3';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { DATA_DIR } from './child.ts';
import { BENCH_PREFIX, benchKey, companyRowId, installationRowId, integrationRowId, keyRowId, PARTNER_ID } from './keys.ts';
import { preparePgSchema } from './pg.ts';

/**
 * Seeded key databases, built once and reused by later runs. Layout: one partner, up to 1 000
 * companies, `ceil(count / 1 000)` approved integrations with every scope, and per key its own
 * installation (integration × company, as in real life) — so a cache miss does the verifier's full
 * three-table join. Rows go in directly (prepared statements / unnest batches in large transactions);
 * key `i` is `benchKey(i)` and is stored as its digest only, like a real one.
 */
const SEED_VERSION = 1;
const AT = '2024-01-01T00:00:00.000Z';
const SCOPES_JSON = JSON.stringify(SCOPES);
const CHUNK = 20_000;

export type SeedTarget = { kind: 'sqlite'; count: number } | { kind: 'postgres'; count: number; url: string };

export interface Seeded {
  /** SQLite: folder holding platform.sqlite. */
  dataDir?: string;
  /** PostgreSQL: the schema. */
  schema?: string;
  count: number;
  reused: boolean;
  seconds: number;
}

export const countLabel = (n: number): string =>
  n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n >= 1_000 && n % 1_000 === 0 ? `${n / 1_000}k` : String(n);

/** The company that key `i` of a seeded database of `count` keys belongs to. */
export const seededCompanyOf = (i: number, count: number): string => companyRowId(i % layout(count).companies);

function layout(count: number) {
  const companies = Math.min(count, 1_000);
  return { companies, integrations: Math.ceil(count / companies) };
}

interface Rows {
  installations: unknown[][];
  keys: unknown[][];
}

function rowsFor(from: number, to: number, companies: number): Rows {
  const installations: unknown[][] = [];
  const keys: unknown[][] = [];
  for (let i = from; i < to; i++) {
    const key = benchKey(i);
    const inst = installationRowId(i);
    installations.push([
      inst,
      integrationRowId(Math.floor(i / companies)),
      companyRowId(i % companies),
      'ACTIVATED',
      null,
      '{}',
      SCOPES_JSON,
      'bench',
      AT,
      AT,
      null,
    ]);
    keys.push([keyRowId(i), inst, digestKey(key), keyHint(key), 'bench', AT, null, null, null]);
  }
  return { installations, keys };
}

function integrationRow(j: number): unknown[] {
  return [
    integrationRowId(j),
    `bench-client-${j}`,
    PARTNER_ID,
    `Bench Integration ${j}`,
    `bench-integration-${j}`,
    'seeded by the benchmark',
    null,
    null,
    'bench@example.test',
    null,
    '[]',
    '[]',
    SCOPES_JSON,
    'approved',
    null,
    'bench',
    AT,
    'http://127.0.0.1:9/connect',
    null,
    'whsec_YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNo',
    AT,
    AT,
  ];
}

const INTEGRATION_COLUMNS =
  'id, client_id, partner_id, name, slug, description, logo_url, brand_color, support_email, support_url, features, requested_scopes, approved_scopes, status, review_reason, reviewed_by, reviewed_at, connect_url, webhook_url, webhook_secret, created_at, updated_at';
const INSTALLATION_COLUMNS =
  'id, integration_id, company_id, status, error_code, metadata, scopes, installed_by, created_at, updated_at, deleted_at';
const KEY_COLUMNS = 'id, installation_id, digest, hint, created_by, created_at, expires_at, revoked_at, last_used_at';
const COMPANY_COLUMNS = 'id, name, legal_name, registration_number, country_code, currency, address, created_at, updated_at';
const companyRow = (c: number): unknown[] => [companyRowId(c), `Bench Company ${c}`, null, null, 'DK', 'DKK', null, AT, AT];
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function progressBar(label: string, total: number, quiet: boolean): { update(n: number): void; stop(): void } {
  if (quiet) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `  seeding ${label} [{bar}] {percentage}% | {value}/{total} keys | {duration}s elapsed, ~{eta}s left`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}

/** Builds (or reuses) a seeded database of `count` keys. For PostgreSQL, `url` is the benchmark's own database (see pg.ts). */
export async function ensureSeeded(target: SeedTarget, opts: { quiet?: boolean } = {}): Promise<Seeded> {
  return target.kind === 'sqlite' ? seedSqlite(target.count, !!opts.quiet) : seedPostgres(target.url, target.count, !!opts.quiet);
}

async function seedSqlite(count: number, quiet: boolean): Promise<Seeded> {
  const dataDir = join(DATA_DIR, `sqlite-keys-${countLabel(count)}`);
  const marker = join(dataDir, 'seeded.json');
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as { version: number; count: number; prefix: string };
    if (m.version === SEED_VERSION && m.count === count && m.prefix === BENCH_PREFIX) {
      // Apply any migration added since the seed (no-op otherwise).
      await (await openPlatformDatabase({ dataDir, databaseUrl: '' })).close();
      return { dataDir, count, reused: true, seconds: 0 };
    }
  }
  const started = performance.now();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await (await openPlatformDatabase({ dataDir, databaseUrl: '' })).close();

  const db = new SQLite(join(dataDir, 'platform.sqlite'));
  // A failed seed is deleted and redone, so the load needs no durability.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  const { companies, integrations } = layout(count);
  const insPartner = db.prepare('INSERT INTO partners (id, name, contact_email, created_at) VALUES (?, ?, ?, ?)');
  const insCompany = db.prepare(`INSERT INTO companies (${COMPANY_COLUMNS}) VALUES (${marks(9)})`);
  const insIntegration = db.prepare(`INSERT INTO integrations (${INTEGRATION_COLUMNS}) VALUES (${marks(22)})`);
  const insInstallation = db.prepare(`INSERT INTO installations (${INSTALLATION_COLUMNS}) VALUES (${marks(11)})`);
  const insKey = db.prepare(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (${marks(9)})`);
  db.transaction(() => {
    insPartner.run(PARTNER_ID, 'Bench Partner', 'bench@example.test', AT);
    for (let c = 0; c < companies; c++) insCompany.run(...companyRow(c));
    for (let j = 0; j < integrations; j++) insIntegration.run(...integrationRow(j));
  })();
  // Secondary indexes are dropped for the load and rebuilt after it (a sort instead of a million random
  // B-tree inserts), from their own stored definitions, so the schema stays exactly what the migrations made.
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('api_keys', 'installations') AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  const bar = progressBar(`SQLite ${countLabel(count)}`, count, quiet);
  const insertChunk = db.transaction((rows: Rows) => {
    for (const r of rows.installations) insInstallation.run(...r);
    for (const r of rows.keys) insKey.run(...r);
  });
  for (let from = 0; from < count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK);
    insertChunk(rowsFor(from, to, companies));
    bar.update(to);
    // Let the progress bar paint.
    await new Promise((r) => setImmediate(r));
  }
  bar.stop();
  for (const { sql } of indexes) db.exec(sql);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  writeFileSync(marker, JSON.stringify({ version: SEED_VERSION, count, prefix: BENCH_PREFIX, seededAt: new Date().toISOString() }));
  return { dataDir, count, reused: false, seconds: (performance.now() - started) / 1000 };
}

async function seedPostgres(url: string, count: number, quiet: boolean): Promise<Seeded> {
  const schema = `bench_keys_${countLabel(count)}`;
  const client = new pg.Client({ connectionString: url, options: `-c search_path="${schema}"` });
  await client.connect();
  try {
    const found = await client
      .query<{ version: number; count: string; prefix: string }>(`SELECT version, count, prefix FROM "${schema}".bench_seed LIMIT 1`)
      .then((r) => r.rows[0])
      .catch(() => undefined);
    if (found && found.version === SEED_VERSION && Number(found.count) === count && found.prefix === BENCH_PREFIX) {
      await preparePgSchema(url, schema);
      return { schema, count, reused: true, seconds: 0 };
    }
    const started = performance.now();
    await preparePgSchema(url, schema, { fresh: true });
    const { companies, integrations } = layout(count);
    await client.query('BEGIN');
    await client.query('INSERT INTO partners (id, name, contact_email, created_at) VALUES ($1, $2, $3, $4)', [
      PARTNER_ID,
      'Bench Partner',
      'bench@example.test',
      AT,
    ]);
    await insertUnnest(
      client,
      'companies',
      COMPANY_COLUMNS,
      Array.from({ length: companies }, (_, c) => companyRow(c)),
    );
    for (let j = 0; j < integrations; j += 1_000) {
      const rows = Array.from({ length: Math.min(1_000, integrations - j) }, (_, k) => integrationRow(j + k));
      await insertUnnest(client, 'integrations', INTEGRATION_COLUMNS, rows);
    }
    await client.query('COMMIT');
    // Constraints and indexes of the two big tables are dropped for the load and rebuilt after it from
    // their own stored definitions (one sort each instead of a million random index inserts).
    const rebuild = await dropForLoad(client, schema, ['installations', 'api_keys']);
    await client.query('SET synchronous_commit = off');
    const bar = progressBar(`PostgreSQL ${countLabel(count)}`, count, quiet);
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK);
      const digests: string[] = [];
      const hints: string[] = [];
      for (let i = from; i < to; i++) {
        const key = benchKey(i);
        digests.push(digestKey(key));
        hints.push(keyHint(key));
      }
      // Same rows as the SQLite seed; everything but digest and hint is derived from the index server-side.
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO installations (${INSTALLATION_COLUMNS})
         SELECT ${pgId('b1', 'i')}, ${pgId('b3', 'i / $3')}, ${pgId('b2', 'i % $3')}, 'ACTIVATED', NULL, '{}', $4, 'bench', $5, $5, NULL
           FROM generate_series($1::int, $2::int - 1) AS i`,
        [from, to, companies, SCOPES_JSON, AT],
      );
      await client.query(
        `INSERT INTO api_keys (${KEY_COLUMNS})
         SELECT ${pgId('b0', '$1 + o - 1')}, ${pgId('b1', '$1 + o - 1')}, d, h, 'bench', $2, NULL, NULL, NULL
           FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS x(d, h, o)`,
        [from, AT, digests, hints],
      );
      await client.query('COMMIT');
      bar.update(to);
    }
    bar.stop();
    await client.query("SET maintenance_work_mem = '256MB'");
    for (const statement of rebuild) await client.query(statement);
    await client.query('ANALYZE');
    await client.query(
      'CREATE TABLE bench_seed (version integer NOT NULL, count bigint NOT NULL, prefix text NOT NULL, seeded_at text NOT NULL)',
    );
    await client.query('INSERT INTO bench_seed VALUES ($1, $2, $3, $4)', [SEED_VERSION, count, BENCH_PREFIX, new Date().toISOString()]);
    return { schema, count, reused: false, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/**
 * Drops the constraints (primary, unique, foreign keys — on and pointing at `tables`) and plain indexes
 * of `tables`, returning the statements that recreate them, in a valid order.
 */
async function dropForLoad(client: pg.Client, schema: string, tables: string[]): Promise<string[]> {
  const constraints = await client.query<{ table: string; name: string; type: string; def: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = $1 AND c.contype IN ('p', 'u', 'f')
        AND (c.conrelid::regclass::text = ANY($2) OR c.confrelid::regclass::text = ANY($2))`,
    [schema, tables],
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = $1 AND i.tablename = ANY($2)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.conname = i.indexname)`,
    [schema, tables],
  );
  const order = { f: 0, u: 1, p: 2 } as Record<string, number>;
  const drops = [...constraints.rows].sort((a, b) => order[a.type]! - order[b.type]!);
  for (const c of drops) await client.query(`ALTER TABLE ${c.table} DROP CONSTRAINT "${c.name}"`);
  for (const i of indexes.rows) await client.query(`DROP INDEX "${i.name}"`);
  return [
    ...[...drops].reverse().map((c) => `ALTER TABLE ${c.table} ADD CONSTRAINT "${c.name}" ${c.def}`),
    ...indexes.rows.map((i) => i.def),
  ];
}

/** SQL twin of `benchId(tag, i)` for an integer expression. */
const pgId = (tag: string, expr: string) => `'${tag}000000-0000-4000-8000-' || lpad(to_hex((${expr})::int), 12, '0')`;

/** One multi-row INSERT: a text array per column, unnested server-side (columns are all text). */
async function insertUnnest(client: pg.Client, table: string, columns: string, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.split(', ');
  const arrays = names.map((_, c) => rows.map((r) => r[c] ?? null));
  const params = names.map((_, c) => `$${c + 1}::text[]`).join(', ');
  await client.query(`INSERT INTO ${table} (${columns}) SELECT * FROM unnest(${params})`, arrays);
}
