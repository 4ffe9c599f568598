import { updateCsvImportStatus } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CsvImportJobIdParams, CsvImportJobModel, UpdateCsvImportStatusRequest } from './schemas.ts';

/**
 * PUT /v1/vendors/csv-import/jobs/{jobId}/status — the moves a caller may make: UPLOADED → READY_FOR_IMPORT,
 * UPLOADED | READY_FOR_IMPORT → QUEUED (as `:run`), anything but COMPLETED → FAILED (cancel, with errorType and
 * errorMessage). Setting the current status changes nothing; any other move is 409 INVALID_STATUS_TRANSITION.
 */
export const updateCsvImportStatusRoute: ExternalRoute = (app, services) => {
  app.put(
    '/v1/vendors/csv-import/jobs/:jobId/status',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Update status for CSV import job', { operationId: 'updateCsvImportJobStatusV1' }),
        params: CsvImportJobIdParams,
        body: UpdateCsvImportStatusRequest,
        response: {
          200: DataOf(CsvImportJobModel, 'Import job updated successfully'),
          ...AUTH_ERRORS,
          404: errorResponse('IMPORT_JOB_NOT_FOUND'),
          409: errorResponse('INVALID_STATUS_TRANSITION'),
        },
      },
    },
    async (req) => {
      const job = await updateCsvImportStatus(services.database.db, req.principal.companyId, req.params.jobId, req.body);
      if (job.status === 'QUEUED') void services.csvImports?.tick();
      return { data: job };
    },
  );
};
