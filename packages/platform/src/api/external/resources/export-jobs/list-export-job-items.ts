import { Type } from 'typebox';
import { listExportJobItems } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf } from '../common.ts';
import { ExportJobItemModel, ExportJobItemStatus, JobIdParams } from './schemas.ts';

const Query = PageQuery({ status: Type.Optional(ExportJobItemStatus) });

/** GET /v3/export-jobs/{jobId}/items — the progress of each accounting entry of the job. */
export const listExportJobItemsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v3/export-jobs/:jobId/items',
    {
      config: { scope: 'export-jobs:read' },
      schema: {
        ...operation('Export API (v3)', 'Get Export Job Items', { operationId: 'getExportJobItemsV3' }),
        params: JobIdParams,
        querystring: Query,
        response: {
          200: Paginated(ExportJobItemModel, 'Export job items found.'),
          ...AUTH_ERRORS,
          404: errorResponse('EXPORT_NOT_FOUND: Export job not found.'),
        },
      },
    },
    async (req) => listExportJobItems(database.db, req.principal.companyId, req.params.jobId, req.query.status, pageOf(req.query)),
  );
};
