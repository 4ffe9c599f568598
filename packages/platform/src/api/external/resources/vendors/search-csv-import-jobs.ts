import { assertCompany } from '../../../../domain/resources/common.ts';
import { searchCsvImportJobs } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { CsvImportJobModel, SearchCsvImportJobsRequest } from './schemas.ts';

const Query = PageQuery({ company_id: Uuid('Only return CSV import jobs for the given company Id.') });

/** POST /v1/vendors/csv-import/jobs:search — the company's import jobs, oldest first; `company_id` is required. */
export const searchCsvImportJobsRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/vendors/csv-import/jobs::search',
    {
      config: { scope: 'vendors:read' },
      schema: {
        ...operation('external-vendors', 'Search CSV import jobs by filter', { operationId: 'searchCsvImportJobsV1' }),
        querystring: Query,
        body: SearchCsvImportJobsRequest,
        response: { 200: Paginated(CsvImportJobModel, 'Returning search results'), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      return searchCsvImportJobs(database.db, req.principal.companyId, req.body, pageOf(req.query));
    },
  );
};
