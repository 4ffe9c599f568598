import { Type } from 'typebox';
import { getCompany } from '../../../../domain/resources/companies.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf, Uuid } from '../common.ts';
import { CompanyModel } from './schemas.ts';

const Params = Type.Object({ companyId: Uuid('Enter the company ID.') });

/** GET /v1/companies/{companyId} — the key's company; any other id is 404. */
export const getCompanyRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/companies/:companyId',
    {
      config: { scope: 'companies:read' },
      schema: {
        ...operation('Companies', 'Search for a Specific Company', { operationId: 'Get company by ID' }),
        params: Params,
        response: { 200: DataOf(CompanyModel, 'Company resource found'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getCompany(database.db, req.principal.companyId, req.params.companyId) }),
  );
};
