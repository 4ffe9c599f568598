import { Type } from 'typebox';
import { invalid } from '../../../../domain/errors.ts';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { getExportJobItemForEntry } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf, Uuid } from '../common.ts';
import { ExportJobItemModel } from './schemas.ts';

const Query = Type.Object({
  company_id: Type.Optional(Uuid('Must be the key’s company when given.')),
  accounting_entry_id: Type.Optional(Uuid('The accounting entry whose export job item to return (needed).')),
});

/** GET /v3/export-job-items — the export job item of one accounting entry, from the latest job that held it. */
export const getExportJobItemRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v3/export-job-items',
    {
      config: { scope: 'export-jobs:read' },
      schema: {
        ...operation('Export API (v3)', 'Retrieve an export job item for a given accounting entry ID', {
          operationId: 'getExportJobItemByAccountingEntryIdV3',
        }),
        querystring: Query,
        response: {
          200: DataOf(ExportJobItemModel, 'Export Job Item retrieved successfully.'),
          ...AUTH_ERRORS,
          404: errorResponse('EXPORT_ENTRY_NOT_FOUND: Export Job Item not found.'),
        },
      },
    },
    async (req) => {
      const { company_id, accounting_entry_id } = req.query;
      assertCompany(req.principal.companyId, company_id);
      if (!accounting_entry_id) throw invalid("querystring must have required property 'accounting_entry_id'");
      return { data: await getExportJobItemForEntry(database.db, req.principal.companyId, accounting_entry_id) };
    },
  );
};
