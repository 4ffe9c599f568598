import { MAX_ITEMS_PER_UPDATE, tooManyItems, updateExportJobItems } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { JobIdParams } from '../export-jobs/schemas.ts';
import { ExportJobItemUpdateV2, UpdateItemsBodyV2 } from './schemas.ts';

/** PUT /v2/export-jobs/{jobId}/items — as v3, with v2's item failure reasons; ≤ 100 items per request (413 above). */
export const updateExportJobItemsV2Route: ExternalRoute = (app, { database }) => {
  app.put(
    '/v2/export-jobs/:jobId/items',
    {
      config: { scope: 'export-jobs:write' },
      // The size limit answers 413 whatever the items hold, so it is checked before schema validation.
      preValidation: async (req) => {
        if (Array.isArray(req.body) && req.body.length > MAX_ITEMS_PER_UPDATE) throw tooManyItems(req.body.length);
      },
      schema: {
        ...operation('Export API (v2)', 'Update Export Job Items', { operationId: 'updateExportJobItemsV2' }),
        params: JobIdParams,
        body: UpdateItemsBodyV2,
        response: {
          200: { description: 'Export job items updated successfully.', ...ExportJobItemUpdateV2 },
          ...AUTH_ERRORS,
          404: errorResponse('EXPORT_NOT_FOUND: Export job not found.'),
          413: errorResponse('EXPORT_JOB_ITEMS_UPDATE_LIMIT: Number of items to update is more than 100.'),
          422: errorResponse('EXPORT_JOB_STATUS_UNPROCESSABLE: Export job is finished.'),
        },
      },
    },
    async (req) => updateExportJobItems(database.db, req.principal.companyId, req.params.jobId, req.body),
  );
};
