import type { ExternalRoute } from '../../route.ts';
import { createAccountRoute } from './create-account.ts';
import { createAccountsBatchRoute } from './create-accounts-batch.ts';
import { deleteAccountRoute } from './delete-account.ts';
import { getAccountRoute } from './get-account.ts';
import { searchAccountsRoute } from './search-accounts.ts';
import { updateAccountRoute } from './update-account.ts';

export const accountRoutes: ExternalRoute[] = [
  createAccountRoute,
  createAccountsBatchRoute,
  searchAccountsRoute,
  getAccountRoute,
  updateAccountRoute,
  deleteAccountRoute,
];
