import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../testing.ts';
import { CsvImportRunner } from './csv-import-runner.ts';
import { acceptUpload, createCsvImportJob, createUploadUrl, runCsvImportJob } from './vendor-csv-imports.ts';

/** A queued import of `n` vendors (externalIds R-1 … R-n). */
async function queuedImport(p: TestPlatform, n: number, prefix: string): Promise<string> {
  const db = p.database.db;
  const job = await createCsvImportJob(db, p.companyA, { type: 'vendors', originalFilename: 'many.csv' });
  const { presignedUrl } = await createUploadUrl(db, p.companyA, job.id, p.url);
  const rows = Array.from({ length: n }, (_, i) => `${prefix}-${i + 1},Vendor ${i + 1},EUR`);
  const token = new URL(presignedUrl).searchParams.get('token') as string;
  await acceptUpload(db, job.id, token, { contentType: 'text/csv', body: Buffer.from(['externalId,name,currency', ...rows].join('\n')) });
  await runCsvImportJob(db, p.companyA, job.id);
  return job.id;
}

describe('CSV import runner: leased, once across nodes, resumable', () => {
  let p: TestPlatform;
  const jobRow = (id: string) => p.database.db.selectFrom('csv_import_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const vendorsWith = async (prefix: string) =>
    (
      await p.database.db
        .selectFrom('vendors')
        .select('external_id')
        .where('company_id', '=', p.companyA)
        .where('external_id', 'like', `${prefix}-%`)
        .execute()
    ).map((v) => v.external_id);
  beforeAll(async () => {
    p = await startTestPlatform();
    await p.services.csvImports.stop(); // the test drives its own "nodes"
  });
  afterAll(async () => p.close());

  it('a node that dies after a committed batch leaves a lease; when it runs out another node resumes, and no row is lost or doubled', async () => {
    const jobId = await queuedImport(p, 9, 'CRASH');
    let batches = 0;
    const dying = new CsvImportRunner(p.database.db, {
      batchSize: 2,
      leaseMs: 1500,
      afterBatch: () => {
        batches++;
        throw new Error('node crashed');
      },
    });
    await dying.tick();
    expect(batches).toBe(1);
    expect(await jobRow(jobId)).toMatchObject({ status: 'PROCESSING', next_row: 2, rows_succeeded: 2, lease_owner: dying.owner });
    expect((await vendorsWith('CRASH')).sort()).toEqual(['CRASH-1', 'CRASH-2']);

    const survivor = new CsvImportRunner(p.database.db, { batchSize: 2, leaseMs: 150 });
    await survivor.tick(); // the lease has not run out: nothing happens
    expect((await jobRow(jobId)).next_row).toBe(2);
    for (let i = 0; i < 200 && (await jobRow(jobId)).status !== 'COMPLETED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      await survivor.tick();
    }
    expect(await jobRow(jobId)).toMatchObject({ status: 'COMPLETED', next_row: 9, rows_succeeded: 9, rows_failed: 0, lease_owner: null });
    const ids = await vendorsWith('CRASH');
    expect(ids).toHaveLength(9);
    expect(new Set(ids).size).toBe(9);
  });

  it('three nodes ticking at once import each row exactly once', async () => {
    const jobId = await queuedImport(p, 30, 'RACE');
    const committed: string[] = [];
    const nodes = [0, 1, 2].map(
      () => new CsvImportRunner(p.database.db, { batchSize: 3, leaseMs: 10_000, afterBatch: () => void committed.push('batch') }),
    );
    for (let i = 0; i < 20 && (await jobRow(jobId)).status !== 'COMPLETED'; i++) await Promise.all(nodes.map((n) => n.tick()));
    expect(await jobRow(jobId)).toMatchObject({ status: 'COMPLETED', rows_succeeded: 30, rows_skipped: 0 });
    expect(committed).toHaveLength(10);
    const ids = await vendorsWith('RACE');
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('a job cancelled (FAILED) while processing stops at the next batch', async () => {
    const jobId = await queuedImport(p, 6, 'STOP');
    const node = new CsvImportRunner(p.database.db, {
      batchSize: 2,
      afterBatch: async () => {
        await p.database.db.updateTable('csv_import_jobs').set({ status: 'FAILED' }).where('id', '=', jobId).execute();
      },
    });
    await node.tick();
    expect(await jobRow(jobId)).toMatchObject({ status: 'FAILED', next_row: 2, rows_succeeded: 2 });
    expect(await vendorsWith('STOP')).toHaveLength(2);
  });
});
