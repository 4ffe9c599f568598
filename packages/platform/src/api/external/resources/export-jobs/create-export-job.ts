import { assertCompany } from '../../../../domain/resources/common.ts';
import { createExportJob } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CreateExportJobRequest, ExportJobModel } from './schemas.ts';

/** POST /v3/export-jobs — collects the company's expenses ready to export (or the given ones) into a pending job. */
export const createExportJobRoute: ExternalRoute = (app, { database, ctx }) => {
  app.post(
    '/v3/export-jobs',
    {
      config: { scope: 'export-jobs:write' },
      schema: {
        ...operation('Export API (v3)', 'Create a new export job', { operationId: 'createExportJobV3' }),
        body: CreateExportJobRequest,
        response: {
          201: DataOf(ExportJobModel, 'Export job created successfully.'),
          ...AUTH_ERRORS,
          409: errorResponse('EXPORT_ALREADY_IN_PROGRESS: an export job is already pending or in progress for this company.'),
          422: errorResponse('NO_ACCOUNTING_ENTRIES_TO_EXPORT or ACCOUNTING_ENTRIES_NOT_EXPORTABLE'),
        },
      },
    },
    async (req, reply) => {
      const { companyId, accountingEntryIds, employeeId, isInteractive, options } = req.body;
      assertCompany(req.principal.companyId, companyId);
      const job = await createExportJob(database.db, req.principal.companyId, {
        accountingEntryIds,
        employeeId,
        isInteractive,
        vendorBasedBookkeeping: options?.vendorBasedBookkeeping,
      });
      ctx.notifyOutbox();
      return reply.code(201).send({ data: job });
    },
  );
};
