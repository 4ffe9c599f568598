import { assertCompany } from '../../../../domain/resources/common.ts';
import { createTaxCode } from '../../../../domain/resources/tax-codes.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TaxCodeCreateUpdate, TaxCodeModel } from './schemas.ts';

/** POST /v0/tax-codes */
export const createTaxCodeRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v0/tax-codes',
    {
      config: { scope: 'tax-codes:write' },
      schema: {
        ...operation('tax-codes', 'Create a new tax code', { operationId: 'createTaxCode' }),
        body: TaxCodeCreateUpdate,
        response: { 201: DataOf(TaxCodeModel, 'Tax code created'), ...AUTH_ERRORS, 409: errorResponse('A tax code with this code exists') },
      },
    },
    async (req, reply) => {
      const { companyId, ...input } = req.body;
      assertCompany(req.principal.companyId, companyId);
      return reply.code(201).send({ data: await createTaxCode(database.db, req.principal.companyId, input) });
    },
  );
};
