import { createAccountsBatch } from '../../../../domain/resources/accounts.ts';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { AccountBatchCreateRequest, AccountBatchCreateResponse } from './schemas.ts';

/** POST /v1/chart-of-accounts/batch — creates the valid accounts; the others come back in `failed` with reasons. */
export const createAccountsBatchRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/chart-of-accounts/batch',
    {
      config: { scope: 'accounts:write' },
      schema: {
        ...operation('Accounts', 'Create multiple accounts in a single request', { operationId: 'createAccountsBatchV1' }),
        body: AccountBatchCreateRequest,
        response: {
          201: { description: 'Batch creation completed. Check the response for created and failed items.', ...AccountBatchCreateResponse },
          ...AUTH_ERRORS,
        },
      },
    },
    async (req, reply) => {
      assertCompany(req.principal.companyId, req.body.companyId);
      const data = await createAccountsBatch(database.db, req.principal.companyId, req.body.items);
      return reply.code(201).send({ data });
    },
  );
};
