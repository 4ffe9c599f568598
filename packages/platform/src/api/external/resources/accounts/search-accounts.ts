import { searchAccounts } from '../../../../domain/resources/accounts.ts';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf } from '../common.ts';
import { AccountModel, AccountSearchRequest } from './schemas.ts';

/** POST /v1/chart-of-accounts:search — the chart of accounts, filtered and paginated (Pleo's list operation). */
export const searchAccountsRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/chart-of-accounts::search',
    {
      config: { scope: 'accounts:read' },
      schema: {
        ...operation('Accounts', 'Fetch a list of accounts', { operationId: 'searchAccountsV1' }),
        querystring: PageQuery({}),
        body: AccountSearchRequest,
        response: { 200: Paginated(AccountModel, 'Retrieval of accounts successful.'), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const { companyId, ...filter } = req.body;
      assertCompany(req.principal.companyId, companyId);
      return searchAccounts(database.db, req.principal.companyId, filter, pageOf(req.query));
    },
  );
};
