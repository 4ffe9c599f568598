import { Type } from 'typebox';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { searchTaxCodes } from '../../../../domain/resources/tax-codes.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { optionalBody, PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { TaxCodeModel, TaxCodeSearchRequest } from './schemas.ts';

const Query = PageQuery({ company_id: Type.Optional(Uuid('Fetch a list of tax codes for a given company')) });

/** POST /v0/tax-codes:search — the company's tax codes (Pleo's list operation); the body is optional. */
export const searchTaxCodesRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v0/tax-codes::search',
    {
      config: { scope: 'tax-codes:read' },
      preValidation: optionalBody,
      schema: {
        ...operation('tax-codes', 'Returns a list of tax codes', { operationId: 'getTaxCodes' }),
        querystring: Query,
        body: TaxCodeSearchRequest,
        response: { 200: Paginated(TaxCodeModel), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      return searchTaxCodes(database.db, req.principal.companyId, req.body, pageOf(req.query));
    },
  );
};
