import { Type } from 'typebox';
import { listExportItemsV2 } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { ExportItemV2 } from './schemas.ts';

const Query = PageQuery({
  job_id: Type.Optional(Uuid('The export job whose accounting entries to list; default: the company’s running job.')),
});

/** GET /v2/export-items — the accounting entries of a pending or in-progress export job, in the v2 shape. */
export const listExportItemsV2Route: ExternalRoute = (app, { database, config }) => {
  app.get(
    '/v2/export-items',
    {
      config: { scope: 'export-items:read' },
      schema: {
        ...operation('Export Items (v2)', 'Get Export Items', { operationId: 'getExportItemsV2' }),
        querystring: Query,
        response: {
          200: Paginated(ExportItemV2, 'Export Items retrieved successfully.'),
          ...AUTH_ERRORS,
          422: errorResponse('EXPORT_JOB_STATUS_UNPROCESSABLE: the export job has finished; only items of running jobs can be retrieved.'),
        },
      },
    },
    async (req) => listExportItemsV2(database.db, req.principal.companyId, req.query.job_id, pageOf(req.query), config.publicUrl),
  );
};
