import { Type } from 'typebox';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { listExportJobs } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { ExportJobModel } from '../export-jobs/schemas.ts';
import { ExportJobStatusesQuery } from './schemas.ts';

const Query = PageQuery({
  company_id: Type.Optional(Uuid('The company whose export jobs to list; must be the key’s company.')),
  ...ExportJobStatusesQuery,
});

/** GET /v2/export-jobs — as v3; the deprecated single `status` is still accepted and joins `statuses`. */
export const listExportJobsV2Route: ExternalRoute = (app, { database }) => {
  app.get(
    '/v2/export-jobs',
    {
      config: { scope: 'export-jobs:read' },
      schema: {
        ...operation('Export API (v2)', 'Get a list of Export Jobs', { operationId: 'getExportJobsListV2' }),
        querystring: Query,
        response: {
          200: Paginated(ExportJobModel, 'List of export jobs. If no jobs are found, an empty list is returned.'),
          ...AUTH_ERRORS,
        },
      },
    },
    async (req) => {
      const { company_id, status, statuses } = req.query;
      assertCompany(req.principal.companyId, company_id);
      const wanted = [...new Set([...(statuses ?? []), ...(status ? [status] : [])])];
      return listExportJobs(database.db, req.principal.companyId, wanted.length ? wanted : undefined, pageOf(req.query));
    },
  );
};
