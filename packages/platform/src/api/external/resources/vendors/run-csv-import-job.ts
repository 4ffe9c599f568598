import { runCsvImportJob } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CsvImportJobIdParams, CsvImportJobModel } from './schemas.ts';

/** POST /v1/vendors/csv-import/jobs/{jobId}:run — queues the uploaded file; the import runs in the background. */
export const runCsvImportJobRoute: ExternalRoute = (app, services) => {
  app.post(
    '/v1/vendors/csv-import/jobs/:jobId([^:/]+)::run',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Run import job', { operationId: 'runCsvImportJobV1' }),
        params: CsvImportJobIdParams,
        response: {
          200: DataOf(CsvImportJobModel, 'Processing started'),
          ...AUTH_ERRORS,
          404: errorResponse('IMPORT_JOB_NOT_FOUND'),
          409: errorResponse('INVALID_STATUS_TRANSITION: only an UPLOADED or READY_FOR_IMPORT job can run'),
        },
      },
    },
    async (req) => {
      const job = await runCsvImportJob(services.database.db, req.principal.companyId, req.params.jobId);
      void services.csvImports?.tick();
      return { data: job };
    },
  );
};
