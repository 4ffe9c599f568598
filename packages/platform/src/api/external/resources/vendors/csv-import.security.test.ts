import { createCsvImportJob } from '../../../../domain/resources/vendor-csv-imports.ts';
import type { TestPlatform } from '../../../../testing.ts';
import { describeResourceSecurity, type Worlds } from '../test-fixtures.ts';

/** An import job of each company, made on first use. */
const jobs = new WeakMap<Worlds, { a: string; b: string }>();
async function jobsOf(w: Worlds, p: TestPlatform) {
  let j = jobs.get(w);
  if (!j) {
    const make = async (companyId: string) =>
      (await createCsvImportJob(p.database.db, companyId, { type: 'vendors', originalFilename: 'vendors.csv' })).id;
    j = { a: await make(w.a.companyId), b: await make(w.b.companyId) };
    jobs.set(w, j);
  }
  return j;
}

const create = { type: 'vendors', originalFilename: 'vendors.csv' };

describeResourceSecurity('POST /v1/vendors/csv-import/jobs', (w) => ({
  method: 'POST',
  scope: 'vendors:write',
  path: '/v1/vendors/csv-import/jobs',
  body: () => ({ ...create, companyId: w.a.companyId }),
  otherCompanyBody: () => ({ ...create, companyId: w.b.companyId }),
}));
describeResourceSecurity('POST /v1/vendors/csv-import/jobs:search', (w) => ({
  method: 'POST',
  scope: 'vendors:read',
  path: () => `/v1/vendors/csv-import/jobs:search?company_id=${w.a.companyId}`,
  body: {},
  otherCompanyPath: () => `/v1/vendors/csv-import/jobs:search?company_id=${w.b.companyId}`,
}));
describeResourceSecurity('GET /v1/vendors/csv-import/jobs/{jobId}', (w) => ({
  method: 'GET',
  scope: 'vendors:read',
  path: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).a}`,
  otherCompanyPath: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).b}`,
}));
describeResourceSecurity('GET /v1/vendors/csv-import/jobs/{jobId}/errors', (w) => ({
  method: 'GET',
  scope: 'vendors:read',
  path: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).a}/errors`,
  otherCompanyPath: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).b}/errors`,
}));
describeResourceSecurity('PUT /v1/vendors/csv-import/jobs/{jobId}/metadata', (w) => ({
  method: 'PUT',
  scope: 'vendors:write',
  path: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).a}/metadata`,
  body: { metadata: { defaults: { defaultCurrency: 'EUR' } }, strategy: 'MERGE' },
  otherCompanyPath: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).b}/metadata`,
}));
describeResourceSecurity('PUT /v1/vendors/csv-import/jobs/{jobId}/status', (w) => ({
  method: 'PUT',
  scope: 'vendors:write',
  path: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).a}/status`,
  body: { status: 'UPLOAD_INITIATED' },
  otherCompanyPath: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).b}/status`,
}));
describeResourceSecurity('POST /v1/vendors/csv-import/jobs/{jobId}:get-presigned-url', (w) => ({
  method: 'POST',
  scope: 'vendors:write',
  path: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).a}:get-presigned-url`,
  otherCompanyPath: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).b}:get-presigned-url`,
}));
describeResourceSecurity('POST /v1/vendors/csv-import/jobs/{jobId}:run', (w) => ({
  method: 'POST',
  scope: 'vendors:write',
  path: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).a}:run`,
  otherCompanyPath: async (ctx) => `/v1/vendors/csv-import/jobs/${(await jobsOf(w, ctx.platform)).b}:run`,
}));
