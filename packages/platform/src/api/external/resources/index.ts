/**
 * How an external API operation is added (one module per operation, e.g. `vendors/get-vendor.ts`):
 * - export one `ExternalRoute` from `<resource>/<verb>-<noun>.ts`; import only `../../route.ts` (AUTH_ERRORS,
 *   operation(), errorResponse), `../common.ts` (schema pieces), `./schemas.ts` and the domain — never
 *   `plugin.ts` or an `index.ts`, so the module loads alone (`../operation-alone.test.ts` checks every one);
 * - set `config.scope` and a full `schema` (params/querystring/body and every response) — it is the validation,
 *   the handler's types (through the TypeBox type provider: no `app.get<{...}>` generics) and the OpenAPI document;
 * - list it in `<resource>/index.ts`; its tests go beside it.
 */
import type { ExternalRoute } from '../route.ts';
import { accountRoutes } from './accounts/index.ts';
import { companyRoutes } from './companies/index.ts';
import { employeeRoutes } from './employees/index.ts';
import { exportItemRoutes } from './export-items/index.ts';
import { exportJobRoutes } from './export-jobs/index.ts';
import { exportV2Routes } from './export-v2/index.ts';
import { subscriptionRoutes } from './subscriptions/index.ts';
import { tagRoutes } from './tags/index.ts';
import { taxCodeRoutes } from './tax-codes/index.ts';
import { vendorRoutes } from './vendors/index.ts';

/** Accounting resource routes (companies, employees, accounts, tax codes, tags, vendors, exports) and webhook subscriptions. */
export const resourceRoutes: ExternalRoute[] = [
  ...companyRoutes,
  ...employeeRoutes,
  ...accountRoutes,
  ...taxCodeRoutes,
  ...tagRoutes,
  ...vendorRoutes,
  ...exportJobRoutes,
  ...exportItemRoutes,
  ...exportV2Routes,
  ...subscriptionRoutes,
];
