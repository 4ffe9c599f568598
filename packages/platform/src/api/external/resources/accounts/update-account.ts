import { updateAccount } from '../../../../domain/resources/accounts.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { AccountIdParams, AccountModel, AccountUpdateRequest } from './schemas.ts';

/** PUT /v1/chart-of-accounts/{accountId} — also how an account linked to entries is archived. */
export const updateAccountRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v1/chart-of-accounts/:accountId',
    {
      config: { scope: 'accounts:write' },
      schema: {
        ...operation('Accounts', 'Update an account', { operationId: 'updateAccountV1' }),
        params: AccountIdParams,
        body: AccountUpdateRequest,
        response: { 200: DataOf(AccountModel, 'Update of account successful.'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await updateAccount(database.db, req.principal.companyId, req.params.accountId, req.body) }),
  );
};
