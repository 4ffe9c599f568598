import { getExportJob } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { ExportJobModel, JobIdParams } from '../export-jobs/schemas.ts';

/** GET /v2/export-jobs/{jobId} */
export const getExportJobV2Route: ExternalRoute = (app, { database }) => {
  app.get(
    '/v2/export-jobs/:jobId',
    {
      config: { scope: 'export-jobs:read' },
      schema: {
        ...operation('Export API (v2)', 'Get an Export Job', { operationId: 'getExportJobByIdV2' }),
        params: JobIdParams,
        response: {
          200: DataOf(ExportJobModel, 'Export job found.'),
          ...AUTH_ERRORS,
          404: errorResponse('EXPORT_NOT_FOUND: Export job not found.'),
        },
      },
    },
    async (req) => ({ data: await getExportJob(database.db, req.principal.companyId, req.params.jobId) }),
  );
};
