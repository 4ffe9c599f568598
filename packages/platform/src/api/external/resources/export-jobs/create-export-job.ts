import { createExportJobFromRequest } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { CREATE_EXPORT_JOB_RESPONSES, CreateExportJobRequest } from './schemas.ts';

/** POST /v3/export-jobs — collects the company's expenses ready to export (or the given ones) into a pending job. */
export const createExportJobRoute: ExternalRoute = (app, { database, ctx }) => {
  app.post(
    '/v3/export-jobs',
    {
      config: { scope: 'export-jobs:write' },
      schema: {
        ...operation('Export API (v3)', 'Create a new export job', { operationId: 'createExportJobV3' }),
        body: CreateExportJobRequest,
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
