import { assertCompany } from '../../../../domain/resources/common.ts';
import { createCsvImportJob } from '../../../../domain/resources/vendor-csv-imports.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CreateCsvImportJobRequest, CsvImportJobModel } from './schemas.ts';

/** POST /v1/vendors/csv-import/jobs — a job in UPLOAD_INITIATED; next: `:get-presigned-url`, upload, `:run`. */
export const createCsvImportJobRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/vendors/csv-import/jobs',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Create an import job', { operationId: 'createCsvImportJobV1' }),
        body: CreateCsvImportJobRequest,
        response: { 201: DataOf(CsvImportJobModel, 'Successfully created import job'), ...AUTH_ERRORS },
      },
    },
    async (req, reply) => {
      const { companyId, ...input } = req.body;
      assertCompany(req.principal.companyId, companyId);
      return reply.code(201).send({ data: await createCsvImportJob(database.db, req.principal.companyId, input) });
    },
  );
};
