import { Type } from 'typebox';
import { listCompanies } from '../../../../domain/resources/companies.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { CompanyModel } from './schemas.ts';

const Query = PageQuery({
  organization_id: Type.Optional(Uuid('Organization of the companies; a company key sees its own company only.')),
});

/** GET /v1/companies — a company key sees exactly one company: its own. */
export const listCompaniesRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/companies',
    {
      config: { scope: 'companies:read' },
      schema: {
        ...operation('Companies', 'Search for Companies', { operationId: 'Search for Companies' }),
        querystring: Query,
        response: { 200: Paginated(CompanyModel, 'Company search successful'), ...AUTH_ERRORS },
      },
    },
    async (req) => listCompanies(database.db, req.principal.companyId, pageOf(req.query)),
  );
};
