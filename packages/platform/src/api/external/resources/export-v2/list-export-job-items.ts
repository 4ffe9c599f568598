import { listExportJobItems } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf } from '../common.ts';
import { ExportJobItemModel, JobIdParams } from '../export-jobs/schemas.ts';
import { ItemStatusQuery } from './schemas.ts';

const Query = PageQuery(ItemStatusQuery);

/** GET /v2/export-jobs/{jobId}/items */
export const listExportJobItemsV2Route: ExternalRoute = (app, { database }) => {
  app.get(
    '/v2/export-jobs/:jobId/items',
    {
      config: { scope: 'export-jobs:read' },
      schema: {
        ...operation('Export API (v2)', 'Get Export Job Items', { operationId: 'getExportJobItemsV2' }),
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
