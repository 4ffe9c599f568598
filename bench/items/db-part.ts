import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openPlatformDatabase } from '@latchkey/platform';
import type { Vendor } from '@latchkey/platform/db/resources-schema.ts';
import type { Company } from '@latchkey/platform/db/schema.ts';
import { createCompany } from '@latchkey/platform/domain/accounts.ts';
import { getCompany, toCompanyModel } from '@latchkey/platform/domain/resources/companies.ts';
import { createVendor, getVendor, toVendorModel } from '@latchkey/platform/domain/resources/vendors.ts';
import SQLite from 'better-sqlite3';
import { DATA_DIR } from '../lib/child.ts';
import type { BenchContext } from '../lib/context.ts';
import { judge, type Row } from '../lib/report.ts';
import { figure, pairedRounds, ratios } from '../lib/stats.ts';

/**
 * Item 4c/4d — the database part of a read by id, in process: the domain read the route calls (Kysely:
 * build → compile → driver → row → model) against a raw prepared better-sqlite3 statement on its own
 * connection to the same file, followed by the same row → model mapping, so only the query layer differs.
 */
export async function dbPartRows(ctx: BenchContext): Promise<Row[]> {
  const dataDir = join(DATA_DIR, 'db-part');
  rmSync(dataDir, { recursive: true, force: true });
  const database = await openPlatformDatabase({ databaseUrl: '', dataDir });
  const raw = new SQLite(join(dataDir, 'platform.sqlite'), { readonly: true });
  try {
    const db = database.db;
    const companyId = await createCompany(db, { name: 'Bench Company' });
    for (let i = 0; i < 50; i++) await createCompany(db, { name: `Other ${i}` });
    let vendorId = '';
    for (let i = 0; i < 50; i++) {
      const v = await createVendor(db, companyId, { name: `Vendor ${i}`, externalId: `ext-${i}`, defaultCurrency: 'DKK' });
      if (i === 25) vendorId = v.id;
    }
    const company = raw.prepare('SELECT * FROM companies WHERE id = ?');
    const vendor = raw.prepare('SELECT * FROM vendors WHERE company_id = ? AND id = ?');

    let sink = 0;
    const timed = async (ops: number, fn: () => unknown) => {
      const t = performance.now();
      for (let i = 0; i < ops; i++) if (await fn()) sink++;
      return ((performance.now() - t) / ops) * 1000;
    };
    const cases = [
      {
        id: '4c',
        title: 'DB part of GET /v1/companies/{id}',
        ours: () => getCompany(db, companyId, companyId),
        raw: () => toCompanyModel(company.get(companyId) as Company),
      },
      {
        id: '4d',
        title: 'DB part of GET /v1/vendors/{id}',
        ours: () => getVendor(db, companyId, vendorId),
        raw: () => toVendorModel(vendor.get(companyId, vendorId) as Vendor),
      },
    ];
    const rows: Row[] = [];
    for (const c of cases) {
      await timed(5_000, c.ours);
      await timed(5_000, c.raw);
      const probeUs = await timed(2_000, c.ours);
      const ops = Math.max(1_000, Math.round((ctx.sizes.microMs * 1000) / Math.max(probeUs, 0.01)));
      const r = await pairedRounds(
        ctx.sizes.microRounds,
        () => timed(ops, c.raw),
        () => timed(ops, c.ours),
      );
      rows.push(
        judge({
          id: c.id,
          title: c.title,
          unit: 'µs/op',
          ours: figure(r.ours),
          baseline: figure(r.baseline),
          baselineLabel: 'raw prepared',
          ratio: figure(ratios(r.ours, r.baseline)),
          ratioLabel: 'ours/raw',
          goal: { on: 'ratio', op: '<=', value: 1.5 },
          note:
            c.id === '4c'
              ? `in process: the domain read the route calls vs a raw prepared better-sqlite3 statement (own connection, same file) + the same row → model mapping; ${ops.toLocaleString('en-US')} ops × ${ctx.sizes.microRounds} rounds`
              : undefined,
        }),
      );
    }
    if (sink === 0) throw new Error('no read returned a row');
    return rows;
  } finally {
    raw.close();
    await database.close();
  }
}
