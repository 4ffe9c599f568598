import { Type } from 'typebox';
import { MAX_ITEMS_PER_UPDATE, tooManyItems, updateExportJobItems } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { ExportJobItemUpdateResponse, JobIdParams, UpdateExportJobItem } from './schemas.ts';

const Body = Type.Array(UpdateExportJobItem, { description: `At most ${MAX_ITEMS_PER_UPDATE} items per request.` });

/** PUT /v3/export-jobs/{jobId}/items — report items as in_progress/successful/failed; ≤ 100 per request (413 above). */
export const updateExportJobItemsRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v3/export-jobs/:jobId/items',
    {
      config: { scope: 'export-jobs:write' },
      // The size limit answers 413 whatever the items hold, so it is checked before schema validation.
      preValidation: async (req) => {
        if (Array.isArray(req.body) && req.body.length > MAX_ITEMS_PER_UPDATE) throw tooManyItems(req.body.length);
      },
      schema: {
        ...operation('Export API (v3)', 'Update Export Job Items', { operationId: 'updateExportJobItemsV3' }),
        params: JobIdParams,
        body: Body,
        response: {
          200: { description: 'Export job items updated successfully.', ...ExportJobItemUpdateResponse },
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
