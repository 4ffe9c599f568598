import { Type } from 'typebox';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { listExportJobs } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { ExportJobModel, ExportJobStatus } from './schemas.ts';

const Query = PageQuery({
  company_id: Type.Optional(Uuid('The company whose export jobs to list; must be the key’s company.')),
  statuses: Type.Optional(Type.Array(ExportJobStatus, { description: 'Fetch a list of jobs in specific states.' })),
});

/** GET /v3/export-jobs — oldest first; `statuses=pending` is how an integration finds work. */
export const listExportJobsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v3/export-jobs',
    {
      config: { scope: 'export-jobs:read' },
      schema: {
        ...operation('Export API (v3)', 'Get a list of Export Jobs', { operationId: 'getExportJobsListV3' }),
        querystring: Query,
        response: {
          200: Paginated(ExportJobModel, 'List of export jobs. If no jobs are found, an empty list is returned.'),
          ...AUTH_ERRORS,
        },
      },
    },
    async (req) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      return listExportJobs(database.db, req.principal.companyId, req.query.statuses, pageOf(req.query));
    },
  );
};
