import { getAccount } from '../../../../domain/resources/accounts.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { AccountIdParams, AccountModel } from './schemas.ts';

/** GET /v1/chart-of-accounts/{accountId} */
export const getAccountRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/chart-of-accounts/:accountId',
    {
      config: { scope: 'accounts:read' },
      schema: {
        ...operation('Accounts', 'Retrieve an account in Pleo by its ID', { operationId: 'getAccountV1' }),
        params: AccountIdParams,
        response: { 200: DataOf(AccountModel, 'Retrieval of account successful.'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getAccount(database.db, req.principal.companyId, req.params.accountId) }),
  );
};
