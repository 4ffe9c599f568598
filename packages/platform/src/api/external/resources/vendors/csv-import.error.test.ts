import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { uploadCsv } from '../test-fixtures.ts';

describe('vendor CSV import jobs (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  const unknown = '00000000-0000-4000-8000-000000000000';
  const newJob = async (extra: Record<string, unknown> = {}) =>
    (
      await call(p, 'POST', '/v1/vendors/csv-import/jobs', key, {
        companyId: p.companyA,
        type: 'vendors',
        originalFilename: 'v.csv',
        ...extra,
      })
    ).body.data as { id: string };
  const urlOf = async (jobId: string) =>
    (await call(p, 'POST', `/v1/vendors/csv-import/jobs/${jobId}:get-presigned-url`, key)).body.data.presignedUrl as string;
  const jobOf = async (jobId: string) => (await call(p, 'GET', `/v1/vendors/csv-import/jobs/${jobId}`, key)).body.data;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['vendors:read', 'vendors:write'] })).key;
  });
  afterAll(async () => p.close());

  it('400 naming the field when creating: required fields, type, extension, csvFormat, metadata, NUL', async () => {
    const base = { companyId: p.companyA, type: 'vendors', originalFilename: 'v.csv' };
    const cases: Array<[Record<string, unknown>, RegExp, string?]> = [
      [{ companyId: p.companyA, type: 'vendors' }, /body must have required property 'originalFilename'/],
      [{ ...base, type: 'customers' }, /body\.type/],
      [{ ...base, originalFilename: '' }, /body\.originalFilename/],
      [{ ...base, originalFilename: 'v\u0000.csv' }, /body\.originalFilename/],
      [{ ...base, originalFilename: 'vendors.xlsx' }, /originalFilename must end with \.csv/, 'FILE_EXTENSION_NOT_SUPPORTED'],
      [
        { ...base, csvFormat: { delimiter: ';;', recordSeparator: '', ignoreEmptyLines: true, skipHeaderRecord: true } },
        /body\.csvFormat\.delimiter/,
      ],
      [{ ...base, csvFormat: { delimiter: ';' } }, /body\.csvFormat/],
      [{ ...base, metadata: { columnMapping: 'Name' } }, /body\.metadata\.columnMapping/],
      [{ ...base, metadata: { columnMapping: { Name: 'nickname' } } }, /body\.metadata\.columnMapping\.Name must be one of/],
      [{ ...base, metadata: { defaults: { colour: 'red' } } }, /body\.metadata\.defaults\.colour/],
      [{ ...base, metadata: { deep: { a: { b: { c: { d: { e: { f: 1 } } } } } } } }, /nested more than 5 levels/],
    ];
    for (const [body, message, type] of cases) {
      const res = await call(p, 'POST', '/v1/vendors/csv-import/jobs', key, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message, JSON.stringify(body)).toMatch(message);
      if (type) expect(res.body.type).toBe(type);
    }
  });

  it('upload: 403 for a wrong, expired, replaced or used URL; 400/413 for a bad file, which fails the job', async () => {
    const job = await newJob();
    const url = new URL(await urlOf(job.id));
    const wrong = new URL(url);
    wrong.searchParams.set('token', 'x'.repeat(43));
    expect((await uploadCsv(wrong.toString(), 'name\nA')).status).toBe(403);
    const other = new URL(url);
    other.pathname = `/uploads/csv-import/${unknown}`;
    expect((await uploadCsv(other.toString(), 'name\nA')).body.type).toBe('UPLOAD_URL_INVALID');
    // A new URL voids the last.
    const second = await urlOf(job.id);
    expect((await uploadCsv(url.toString(), 'name\nA')).status).toBe(403);
    await p.database.db
      .updateTable('csv_import_jobs')
      .set({ upload_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', job.id)
      .execute();
    expect((await uploadCsv(second, 'name\nA')).status).toBe(403);
    expect((await jobOf(job.id)).status).toBe('UPLOAD_INITIATED');
    // No log line holds an upload token.
    for (const u of [url, new URL(second)]) {
      const token = u.searchParams.get('token') as string;
      expect(p.logs.filter((line) => line.includes(token))).toEqual([]);
    }

    const files: Array<[string | Buffer, string, number, string]> = [
      ['', 'text/csv', 400, 'FILE_TOO_SMALL'],
      ['name,currency\n', 'text/csv', 400, 'FILE_TOO_SMALL'],
      ['a,b\n"open', 'text/csv', 400, 'INVALID_FILE_FORMAT'],
      [Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0xfe]), 'text/csv', 400, 'INVALID_FILE_FORMAT'],
      ['name\nA\u0000B', 'text/csv', 400, 'INVALID_FILE_FORMAT'],
      ['\u0089PNG', 'image/png', 400, 'FILE_TYPE_NOT_SUPPORTED'],
      [`name\n${'x'.repeat(5 * 1024 * 1024)}`, 'text/csv', 413, 'FILE_TOO_LARGE'],
    ];
    for (const [body, type, status, code] of files) {
      const j = await newJob();
      const res = await uploadCsv(await urlOf(j.id), body, type);
      expect(res.status, code).toBe(status);
      expect(res.body.type, code).toBe(code);
      expect(await jobOf(j.id), code).toMatchObject({ status: 'FAILED', errorCode: code, errorMessage: expect.any(String) });
    }
  });

  it('409 INVALID_STATUS_TRANSITION: run before upload, caller-only statuses, metadata or a URL once queued, anything after COMPLETED', async () => {
    const job = await newJob();
    const early = await call(p, 'POST', `/v1/vendors/csv-import/jobs/${job.id}:run`, key);
    expect(early.status).toBe(409);
    expect(early.body).toEqual({ type: 'INVALID_STATUS_TRANSITION', message: expect.stringMatching(/UPLOAD_INITIATED/) });
    for (const status of ['UPLOADED', 'PROCESSING', 'COMPLETED', 'READY_FOR_IMPORT']) {
      const res = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/status`, key, { status });
      expect(res.status, status).toBe(409);
    }
    await uploadCsv(await urlOf(job.id), 'name,currency\nA,DKK\n');
    expect((await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/status`, key, { status: 'QUEUED' })).body.data.status).toMatch(
      /QUEUED|PROCESSING|COMPLETED/,
    );
    const meta = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/metadata`, key, { metadata: {}, strategy: 'REPLACE' });
    expect(meta.status).toBe(409);
    expect((await call(p, 'POST', `/v1/vendors/csv-import/jobs/${job.id}:get-presigned-url`, key)).status).toBe(409);
    await p.services.csvImports.tick();
    expect((await jobOf(job.id)).status).toBe('COMPLETED');
    const fail = await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/status`, key, { status: 'FAILED' });
    expect(fail.status).toBe(409);
    expect((await call(p, 'POST', `/v1/vendors/csv-import/jobs/${job.id}:run`, key)).status).toBe(409);
  });

  it('400 for bad status bodies, search bodies and ids; 404 IMPORT_JOB_NOT_FOUND', async () => {
    const job = await newJob();
    expect((await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/status`, key, { status: 'DONE' })).body.message).toMatch(
      /body\.status/,
    );
    expect(
      (await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/status`, key, { status: 'FAILED', errorType: 'OOPS' })).body.message,
    ).toMatch(/body\.errorType/);
    expect((await call(p, 'PUT', `/v1/vendors/csv-import/jobs/${job.id}/metadata`, key, { metadata: {} })).body.message).toMatch(
      /strategy/,
    );
    expect((await call(p, 'POST', '/v1/vendors/csv-import/jobs:search', key, {})).body.message).toMatch(/company_id/);
    expect(
      (await call(p, 'POST', `/v1/vendors/csv-import/jobs:search?company_id=${p.companyA}`, key, { statuses: ['DONE'] })).body.message,
    ).toMatch(/body\.statuses/);
    const ids = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await call(p, 'POST', `/v1/vendors/csv-import/jobs:search?company_id=${p.companyA}`, key, { ids })).status).toBe(400);
    expect((await call(p, 'GET', '/v1/vendors/csv-import/jobs/nope', key)).body.message).toMatch(/params\.jobId/);
    for (const [method, path, body] of [
      ['GET', `/v1/vendors/csv-import/jobs/${unknown}`, undefined],
      ['GET', `/v1/vendors/csv-import/jobs/${unknown}/errors`, undefined],
      ['PUT', `/v1/vendors/csv-import/jobs/${unknown}/status`, { status: 'FAILED' }],
      ['PUT', `/v1/vendors/csv-import/jobs/${unknown}/metadata`, { metadata: {}, strategy: 'MERGE' }],
      ['POST', `/v1/vendors/csv-import/jobs/${unknown}:get-presigned-url`, undefined],
      ['POST', `/v1/vendors/csv-import/jobs/${unknown}:run`, undefined],
    ] as const) {
      const res = await call(p, method, path, key, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.type).toBe('IMPORT_JOB_NOT_FOUND');
    }
  });
});
