import { Type } from 'typebox';
import { getExportItem } from '../../../../domain/resources/export-jobs.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf, Uuid } from '../common.ts';
import { ExportItemModel } from './schemas.ts';

/** GET /v3/export-items/{accountingEntryId} — one accounting entry as an export item (a Latchkey addition; the link in `_links.api`). */
export const getExportItemRoute: ExternalRoute = (app, { database, config }) => {
  app.get(
    '/v3/export-items/:accountingEntryId',
    {
      config: { scope: 'export-items:read' },
      schema: {
        ...operation('Export Items (v3)', 'Get an Export Item', { operationId: 'getExportItemV3' }),
        params: Type.Object({ accountingEntryId: Uuid('The accounting entry (expense) ID.') }),
        response: { 200: DataOf(ExportItemModel, 'Export Item found.'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getExportItem(database.db, req.principal.companyId, req.params.accountingEntryId, config.publicUrl) }),
  );
};
