import { createExportJobFromRequest } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { CREATE_EXPORT_JOB_RESPONSES } from '../export-jobs/schemas.ts';
import { CreateExportJobV2 } from './schemas.ts';

/** POST /v2/export-jobs — the v3 job, created from the given entries (an empty list = every entry ready to export). */
export const createExportJobV2Route: ExternalRoute = (app, { database, ctx }) => {
  app.post(
    '/v2/export-jobs',
    {
      config: { scope: 'export-jobs:write' },
      schema: {
        ...operation('Export API (v2)', 'Create a new export job', { operationId: 'createExportJobV2' }),
        body: CreateExportJobV2,
        response: { ...AUTH_ERRORS, ...CREATE_EXPORT_JOB_RESPONSES },
      },
    },
    async (req, reply) => {
      const job = await createExportJobFromRequest(database.db, req.principal.companyId, req.body);
      ctx.notifyOutbox(); // the job's v1.export-job.created event is in the outbox
      return reply.code(201).send({ data: job });
    },
  );
};
