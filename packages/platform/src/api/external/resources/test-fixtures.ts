import { seedAccountingData } from '../../../seed-resources.ts';
import type { TestPlatform } from '../../../testing.ts';
import { call, describeRouteSecurity, type RouteUnderTest } from '../security-suite.ts';

/** One company's demo accounting data (the seed), with the ids tests need. */
export interface World {
  companyId: string;
  accountId: string;
  taxCodeId: string;
  tagGroupId: string;
  tagId: string;
  /** A dimension of `tagGroupId`, for which `tagId` (a tag of that group) has a value. */
  dimensionId: string;
  vendorId: string;
  employeeId: string;
  /** The seed's pending export job and one of its expenses. */
  jobId: string;
  jobExpenseId: string;
  /** Expenses ready to export (not in the job). */
  readyExpenseIds: string[];
}

export async function makeWorld(p: TestPlatform, companyId: string): Promise<World> {
  const db = p.database.db;
  await seedAccountingData(db, companyId);
  const first = async (table: 'accounts' | 'tax_codes' | 'tag_groups' | 'tags' | 'tag_group_dimensions' | 'vendors' | 'employees') =>
    (await db.selectFrom(table).select('id').where('company_id', '=', companyId).orderBy('id').executeTakeFirstOrThrow()).id;
  const job = await db
    .selectFrom('export_jobs')
    .select('id')
    .where('company_id', '=', companyId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const item = await db
    .selectFrom('export_job_items')
    .select('expense_id')
    .where('job_id', '=', job.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const ready = await db
    .selectFrom('expenses')
    .select('id')
    .where('company_id', '=', companyId)
    .where('export_status', '=', 'ready')
    .orderBy('id')
    .execute();
  return {
    companyId,
    accountId: await first('accounts'),
    taxCodeId: await first('tax_codes'),
    tagGroupId: await first('tag_groups'),
    tagId: await first('tags'),
    dimensionId: await first('tag_group_dimensions'),
    vendorId: await first('vendors'),
    employeeId: await first('employees'),
    jobId: job.id,
    jobExpenseId: item.expense_id,
    readyExpenseIds: ready.map((r) => r.id),
  };
}

export interface Worlds {
  /** The key's company (A). */
  a: World;
  /** Another company (B). */
  b: World;
}

/**
 * describeRouteSecurity with both test companies seeded: `make` receives the worlds object (filled in before
 * the first case runs), so paths and bodies can name A's resources and B's.
 */
export function describeResourceSecurity(name: string, make: (w: Worlds) => RouteUnderTest): void {
  const w = {} as Worlds;
  describeRouteSecurity(name, make(w), async (ctx) => {
    w.a = await makeWorld(ctx.platform, ctx.platform.companyA);
    w.b = await makeWorld(ctx.platform, ctx.platform.companyB);
  });
}

/** PUTs a file to an upload URL (the one `:get-presigned-url` gave). */
export async function uploadCsv(url: string, body: string | Buffer, contentType = 'text/csv; charset=utf-8') {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Reads an import job until `until` holds, running due imports in between. */
export async function waitForCsvImport(p: TestPlatform, key: string, jobId: string, until: (job: { status: string }) => boolean) {
  for (let i = 0; i < 200; i++) {
    const job = (await call(p, 'GET', `/v1/vendors/csv-import/jobs/${jobId}`, key)).body.data;
    if (until(job)) return job;
    await p.services.csvImports.tick();
  }
  throw new Error(`job ${jobId} never got there`);
}
