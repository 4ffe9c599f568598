import { updateCsvImportMetadata } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CsvImportJobIdParams, CsvImportJobModel, UpdateCsvImportMetadataRequest } from './schemas.ts';

/** PUT /v1/vendors/csv-import/jobs/{jobId}/metadata — REPLACE or MERGE, until the job is queued (then 409). */
export const updateCsvImportMetadataRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v1/vendors/csv-import/jobs/:jobId/metadata',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Update metadata for CSV import job', { operationId: 'updateCsvImportJobMetadataV1' }),
        params: CsvImportJobIdParams,
        body: UpdateCsvImportMetadataRequest,
        response: {
          200: DataOf(CsvImportJobModel, 'Import job updated successfully'),
          ...AUTH_ERRORS,
          404: errorResponse('IMPORT_JOB_NOT_FOUND'),
          409: errorResponse('INVALID_STATUS_TRANSITION: the job is already queued or finished'),
        },
      },
    },
    async (req) => ({ data: await updateCsvImportMetadata(database.db, req.principal.companyId, req.params.jobId, req.body) }),
  );
};
