import { assertCompany } from '../../../../domain/resources/common.ts';
import { updateTaxCode } from '../../../../domain/resources/tax-codes.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TaxCodeCreateUpdate, TaxCodeIdParams, TaxCodeModel } from './schemas.ts';

/** PUT /v0/tax-codes/{taxCodeId} */
export const updateTaxCodeRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v0/tax-codes/:taxCodeId',
    {
      config: { scope: 'tax-codes:write' },
      schema: {
        ...operation('tax-codes', 'Update an tax code', { operationId: 'updateTaxCode' }),
        params: TaxCodeIdParams,
        body: TaxCodeCreateUpdate,
        response: { 200: DataOf(TaxCodeModel), ...AUTH_ERRORS, 409: errorResponse('A tax code with this code exists') },
      },
    },
    async (req) => {
      const { companyId, ...input } = req.body;
      assertCompany(req.principal.companyId, companyId);
      return { data: await updateTaxCode(database.db, req.principal.companyId, req.params.taxCodeId, input) };
    },
  );
};
