import { listCsvImportErrors } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf } from '../common.ts';
import { CsvImportJobIdParams, CsvRowImportErrorModel } from './schemas.ts';

/** GET /v1/vendors/csv-import/jobs/{jobId}/errors — the rows the import could not take, in file order. */
export const listCsvImportErrorsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/vendors/csv-import/jobs/:jobId/errors',
    {
      config: { scope: 'vendors:read' },
      schema: {
        ...operation('external-vendors', 'Get import job errors', { operationId: 'getCsvImportJobErrorsV1' }),
        params: CsvImportJobIdParams,
        querystring: PageQuery({}),
        response: {
          200: Paginated(CsvRowImportErrorModel, 'Import job errors retrieved successfully'),
          ...AUTH_ERRORS,
          404: errorResponse('IMPORT_JOB_NOT_FOUND'),
        },
      },
    },
    async (req) => listCsvImportErrors(database.db, req.principal.companyId, req.params.jobId, pageOf(req.query)),
  );
};
