import { createAccount } from '../../../../domain/resources/accounts.ts';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { AccountCreateRequest, AccountModel } from './schemas.ts';

/** POST /v1/chart-of-accounts — 201 created; 200 when an identical account exists; 409 when its externalId is taken. */
export const createAccountRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/chart-of-accounts',
    {
      config: { scope: 'accounts:write' },
      schema: {
        ...operation('Accounts', 'Create a new account', { operationId: 'createAccountV1' }),
        body: AccountCreateRequest,
        response: {
          200: DataOf(AccountModel, 'Request matched existing account.'),
          201: DataOf(AccountModel, 'Account created.'),
          ...AUTH_ERRORS,
          409: errorResponse('Conflict: account with the same `externalId` exists in Pleo.'),
        },
      },
    },
    async (req, reply) => {
      const { companyId, ...input } = req.body;
      assertCompany(req.principal.companyId, companyId);
      const { account, created } = await createAccount(database.db, req.principal.companyId, input);
      return reply.code(created ? 201 : 200).send({ data: account });
    },
  );
};
