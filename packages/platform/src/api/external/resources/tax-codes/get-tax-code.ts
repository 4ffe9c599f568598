import { getTaxCode } from '../../../../domain/resources/tax-codes.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TaxCodeIdParams, TaxCodeModel } from './schemas.ts';

/** GET /v0/tax-codes/{taxCodeId} */
export const getTaxCodeRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tax-codes/:taxCodeId',
    {
      config: { scope: 'tax-codes:read' },
      schema: {
        ...operation('tax-codes', 'Returns a given tax code', { operationId: 'getTaxCode' }),
        params: TaxCodeIdParams,
        response: { 200: DataOf(TaxCodeModel), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getTaxCode(database.db, req.principal.companyId, req.params.taxCodeId) }),
  );
};
