import type { ExternalRoute } from '../../route.ts';
import { createTaxCodeRoute } from './create-tax-code.ts';
import { deleteTaxCodeRoute } from './delete-tax-code.ts';
import { getTaxCodeRoute } from './get-tax-code.ts';
import { searchTaxCodesRoute } from './search-tax-codes.ts';
import { updateTaxCodeRoute } from './update-tax-code.ts';

export const taxCodeRoutes: ExternalRoute[] = [
  createTaxCodeRoute,
  searchTaxCodesRoute,
  getTaxCodeRoute,
  updateTaxCodeRoute,
  deleteTaxCodeRoute,
];
