import { getExportJob } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { ExportJobModel, JobIdParams } from './schemas.ts';

/** GET /v3/export-jobs/{jobId} */
export const getExportJobRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v3/export-jobs/:jobId',
    {
      config: { scope: 'export-jobs:read' },
      schema: {
        ...operation('Export API (v3)', 'Get an Export Job', { operationId: 'getExportJobByIdV3' }),
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
