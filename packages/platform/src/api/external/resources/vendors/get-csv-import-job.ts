import { getCsvImportJob } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CsvImportJobIdParams, CsvImportJobModel } from './schemas.ts';

/** GET /v1/vendors/csv-import/jobs/{jobId} — the job with its progress (rowsTotal / Succeeded / Failed / Skipped). */
export const getCsvImportJobRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/vendors/csv-import/jobs/:jobId',
    {
      config: { scope: 'vendors:read' },
      schema: {
        ...operation('external-vendors', 'Get CSV import job details', { operationId: 'getCsvImportJobV1' }),
        params: CsvImportJobIdParams,
        response: {
          200: DataOf(CsvImportJobModel, 'Import job retrieved successfully'),
          ...AUTH_ERRORS,
          404: errorResponse('IMPORT_JOB_NOT_FOUND'),
        },
      },
    },
    async (req) => ({ data: await getCsvImportJob(database.db, req.principal.companyId, req.params.jobId) }),
  );
};
