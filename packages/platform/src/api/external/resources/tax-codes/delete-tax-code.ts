import { deleteTaxCode } from '../../../../domain/resources/tax-codes.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, noBody, operation } from '../../route.ts';
import { TaxCodeIdParams } from './schemas.ts';

/** DELETE /v0/tax-codes/{taxCodeId} — refused (409) while accounting entries use it; archive it instead. */
export const deleteTaxCodeRoute: ExternalRoute = (app, { database }) => {
  app.delete(
    '/v0/tax-codes/:taxCodeId',
    {
      config: { scope: 'tax-codes:write' },
      schema: {
        ...operation('tax-codes', 'Delete an tax code', { operationId: 'deleteTaxCode' }),
        params: TaxCodeIdParams,
        response: { 204: noBody('Tax code deleted'), ...AUTH_ERRORS, 409: errorResponse('The tax code is in use') },
      },
    },
    async (req, reply) => {
      await deleteTaxCode(database.db, req.principal.companyId, req.params.taxCodeId);
      return reply.code(204).send();
    },
  );
};
