import { recordExportJobEvent } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, noBody, operation } from '../../route.ts';
import { CreateExportJobEventRequest } from '../export-jobs/schemas.ts';

/** POST /v2/export-job-events — the v3 lifecycle: 202, or 422 for an impossible change. */
export const createExportJobEventV2Route: ExternalRoute = (app, { database }) => {
  app.post(
    '/v2/export-job-events',
    {
      config: { scope: 'export-jobs:write' },
      schema: {
        ...operation('Export API (v2)', 'Create an Export Job Event', { operationId: 'createExportJobEventV2' }),
        body: CreateExportJobEventRequest,
        response: {
          202: noBody('Export Job Event created successfully.'),
          ...AUTH_ERRORS,
          404: errorResponse('EXPORT_NOT_FOUND: Export job not found.'),
          422: errorResponse('INVALID_EXPORT_JOB_STATUS_CHANGE: e.g. trying to mark a completed job as started.'),
        },
      },
    },
    async (req, reply) => {
      await recordExportJobEvent(database.db, req.principal.companyId, req.body);
      return reply.code(202).send();
    },
  );
};
