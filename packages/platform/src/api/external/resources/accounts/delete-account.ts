import { deleteAccount } from '../../../../domain/resources/accounts.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, noBody, operation } from '../../route.ts';
import { AccountIdParams } from './schemas.ts';

/** DELETE /v1/chart-of-accounts/{accountId} — only for accounts no accounting entry uses (409 otherwise; archive those). */
export const deleteAccountRoute: ExternalRoute = (app, { database }) => {
  app.delete(
    '/v1/chart-of-accounts/:accountId',
    {
      config: { scope: 'accounts:write' },
      schema: {
        ...operation('Accounts', 'Delete an account', { operationId: 'deleteAccountV1' }),
        params: AccountIdParams,
        response: {
          204: noBody('Deletion of account successful.'),
          ...AUTH_ERRORS,
          409: errorResponse('Account linked to accounting entries and cannot be deleted. Use UPDATE endpoint to archive the account.'),
        },
      },
    },
    async (req, reply) => {
      await deleteAccount(database.db, req.principal.companyId, req.params.accountId);
      return reply.code(204).send();
    },
  );
};
