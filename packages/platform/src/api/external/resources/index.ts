import type { ExternalRoute } from '../plugin.ts';
import { accountRoutes } from './accounts/index.ts';
import { companyRoutes } from './companies/index.ts';
import { employeeRoutes } from './employees/index.ts';
import { exportItemRoutes } from './export-items/index.ts';
import { exportJobRoutes } from './export-jobs/index.ts';
import { tagRoutes } from './tags/index.ts';
import { taxCodeRoutes } from './tax-codes/index.ts';
import { vendorRoutes } from './vendors/index.ts';

/** Accounting resource routes (companies, employees, accounts, tax codes, tags, vendors, exports). */
export const resourceRoutes: ExternalRoute[] = [
  ...companyRoutes,
  ...employeeRoutes,
  ...accountRoutes,
  ...taxCodeRoutes,
  ...tagRoutes,
  ...vendorRoutes,
  ...exportJobRoutes,
  ...exportItemRoutes,
];
