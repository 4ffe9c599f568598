import { createUploadUrl } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CsvImportJobIdParams, PresignedUrl } from './schemas.ts';

/**
 * POST /v1/vendors/csv-import/jobs/{jobId}:get-presigned-url — there is no object store here: the URL is the
 * platform's own upload endpoint, signed by a single-use token, valid for 15 minutes (a new one voids the last).
 */
export const getCsvImportUploadUrlRoute: ExternalRoute = (app, { database, config }) => {
  app.post(
    '/v1/vendors/csv-import/jobs/:jobId([^:/]+)::get-presigned-url',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Get presigned URL for file upload', { operationId: 'getCsvImportJobPresignedUrlV1' }),
        params: CsvImportJobIdParams,
        response: {
          200: DataOf(PresignedUrl, 'Presigned URL generated successfully'),
          ...AUTH_ERRORS,
          404: errorResponse('IMPORT_JOB_NOT_FOUND'),
          409: errorResponse('INVALID_STATUS_TRANSITION: the job is already queued or finished'),
        },
      },
    },
    async (req) => ({ data: await createUploadUrl(database.db, req.principal.companyId, req.params.jobId, config.publicUrl) }),
  );
};
