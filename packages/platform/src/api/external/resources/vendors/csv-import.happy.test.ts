import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld, uploadCsv, waitForCsvImport } from '../test-fixtures.ts';

/** A DATEV-style export: German column names, `;`, a BOM; one row of each outcome. */
const FILE = [
  '\uFEFFKonto;Name;USt-IdNr.;Land',
  '70001;Müller GmbH;DE811907980;DE',
  '70002;"Schmidt; Söhne KG";;de',
  '70003;;DE123;DE',
  ';;;',
  'V-2001;Google Ireland Ltd;IE6388047V;IE',
  '70004;Bäckerei Huber;;GERMANY',
  '70001;Müller GmbH (again);;DE',
].join('\r\n');

describe('vendor CSV import jobs (happy path)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['vendors:read', 'vendors:write'] })).key;
    await makeWorld(p, p.companyA);
  });
  afterAll(async () => p.close());

  it('create → presigned URL → upload → READY_FOR_IMPORT → run → COMPLETED with progress, per-row errors and skips', async () => {
    const created = await call(p, 'POST', '/v1/vendors/csv-import/jobs', key, {
      companyId: p.companyA,
      type: 'vendors',
      originalFilename: 'kreditoren.csv',
      metadata: {
        columnMapping: { Konto: 'externalId', Name: 'name', 'USt-IdNr.': 'taxRegistrationNumber', Land: 'country' },
        defaults: { defaultCurrency: 'EUR' },
      },
    });
    expect(created.status).toBe(201);
    const job = created.body.data;
    expect(job).toEqual({
      id: expect.any(String),
      companyId: p.companyA,
      type: 'vendors',
      status: 'UPLOAD_INITIATED',
      originalFilename: 'kreditoren.csv',
      metadata: expect.objectContaining({ defaults: { defaultCurrency: 'EUR' } }),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const presigned = await call(p, 'POST', `/v1/vendors/csv-import/jobs/${job.id}:get-presigned-url`, key);
    expect(presigned.status).toBe(200);
    const url = new URL(presigned.body.data.presignedUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${p.url}/uploads/csv-import/${job.id}`);
    expect(Number(url.searchParams.get('expires'))).toBeGreaterThan(Date.now() / 1000);

    const up = await uploadCsv(url.toString(), FILE);
    expect(up.status).toBe(200);
    expect(up.body.data).toMatchObject({
      status: 'UPLOADED',
      columnNames: ['Konto', 'Name', 'USt-IdNr.', 'Land'],
      rowsTotal: 7,
      csvFormat: { delimiter: ';', quoteCharacter: '"', recordSeparator: '', ignoreEmptyLines: true, skipHeaderRecord: true },
      s3Key: `csv-import/${p.companyA}/${job.id}.csv`,
    });
    // One upload per URL.
    const again = await uploadCsv(url.toString(), FILE);
    expect(again.status).toBe(403);
    expect(again.body.type).toBe('UPLOAD_URL_INVALID');

    const ready = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/status`, key, { status: 'READY_FOR_IMPORT' });
    expect(ready.body.data.status).toBe('READY_FOR_IMPORT');
    const run = await call(p, 'POST', `/v1/vendors/csv-import/jobs/${job.id}:run`, key);
    expect(run.status).toBe(200);
    expect(['QUEUED', 'PROCESSING', 'COMPLETED']).toContain(run.body.data.status);

    const done = await waitForCsvImport(p, key, job.id, (j) => j.status === 'COMPLETED');
    // 70001, 70002 imported; 70003 has no name; the blank row, V-2001 (exists) and the repeated 70001 are skipped; GERMANY is no code.
    expect(done).toMatchObject({ rowsTotal: 7, rowsSucceeded: 2, rowsFailed: 2, rowsSkipped: 3 });
    const errors = await call(p, 'GET', `/v1/vendors/csv-import/jobs/${job.id}/errors`, key);
    expect(errors.status).toBe(200);
    expect(errors.body.data).toEqual([
      {
        id: expect.any(String),
        csvImportJobId: job.id,
        rowNumber: 4,
        errorCode: 'MISSING_REQUIRED_FIELD',
        errorMessage: 'name is missing',
        rawData: JSON.stringify(['70003', '', 'DE123', 'DE']),
        createdAt: expect.any(String),
      },
      expect.objectContaining({ rowNumber: 7, errorCode: 'INVALID_COUNTRY' }),
    ]);
    expect(errors.body.pagination.total).toBe(2);

    const vendors = await call(p, 'POST', `/v1/vendors:search?company_id=${p.companyA}`, key, { externalIds: ['70001', '70002'] });
    expect(vendors.body.data).toEqual([
      expect.objectContaining({
        externalId: '70001',
        name: 'Müller GmbH',
        taxRegistrationNumber: 'DE811907980',
        country: 'DE',
        defaultCurrency: 'EUR',
        state: 'ACTIVE',
      }),
      expect.objectContaining({ externalId: '70002', name: 'Schmidt; Söhne KG', country: 'DE' }),
    ]);
  });

  it('search: the company’s jobs, by ids, statuses and types; metadata MERGE and REPLACE', async () => {
    const a = (
      await call(p, 'POST', '/v1/vendors/csv-import/jobs', key, { companyId: p.companyA, type: 'vendors', originalFilename: 'a.csv' })
    ).body.data;
    const all = await call(p, 'POST', `/v1/vendors/csv-import/jobs:search?company_id=${p.companyA}`, key, {});
    expect(all.status).toBe(200);
    expect(all.body.data.length).toBeGreaterThanOrEqual(2);
    const byStatus = await call(p, 'POST', `/v1/vendors/csv-import/jobs:search?company_id=${p.companyA}`, key, {
      statuses: ['UPLOAD_INITIATED'],
      types: ['vendors'],
    });
    expect(byStatus.body.data.map((j: { id: string }) => j.id)).toEqual([a.id]);
    const byId = await call(p, 'POST', `/v1/vendors/csv-import/jobs:search?company_id=${p.companyA}`, key, { ids: [a.id], statuses: null });
    expect(byId.body.data).toEqual([a]);

    const merged = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${a.id}/metadata`, key, {
      metadata: { defaults: { defaultCurrency: 'DKK' } },
      strategy: 'MERGE',
    });
    expect(merged.body.data.metadata).toEqual({ defaults: { defaultCurrency: 'DKK' } });
    const more = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${a.id}/metadata`, key, {
      metadata: { columnMapping: { Navn: 'name' } },
      strategy: 'MERGE',
    });
    expect(more.body.data.metadata).toEqual({ defaults: { defaultCurrency: 'DKK' }, columnMapping: { Navn: 'name' } });
    const replaced = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${a.id}/metadata`, key, { metadata: {}, strategy: 'REPLACE' });
    expect(replaced.body.data.metadata).toEqual({});
  });

  it('a file without a header (skipHeaderRecord false) names its columns 1, 2, …; cancel with status FAILED', async () => {
    const job = (
      await call(p, 'POST', '/v1/vendors/csv-import/jobs', key, {
        companyId: p.companyA,
        type: 'vendors',
        originalFilename: 'plain.CSV',
        csvFormat: { delimiter: ',', quoteCharacter: '"', recordSeparator: '\n', ignoreEmptyLines: true, skipHeaderRecord: false },
        metadata: { columnMapping: { '1': 'name', '2': 'defaultCurrency' } },
      })
    ).body.data;
    const url = (await call(p, 'POST', `/v1/vendors/csv-import/jobs/${job.id}:get-presigned-url`, key)).body.data.presignedUrl;
    const up = await uploadCsv(url, 'Acme Paper,SEK\nNordic Cabs,NOK\n', 'application/octet-stream');
    expect(up.body.data).toMatchObject({ status: 'UPLOADED', columnNames: ['1', '2'], rowsTotal: 2 });
    const cancel = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/status`, key, {
      status: 'FAILED',
      errorType: 'PROCESSING_FAILED',
      errorMessage: 'Cancelled by the user',
    });
    expect(cancel.body.data).toMatchObject({ status: 'FAILED', errorCode: 'PROCESSING_FAILED', errorMessage: 'Cancelled by the user' });
  });
});
