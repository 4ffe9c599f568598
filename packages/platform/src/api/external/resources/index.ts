import type { ExternalRoute } from '../plugin.ts';

/** Accounting resource routes (companies, employees, accounts, tax codes, tags, vendors, exports). */
export const resourceRoutes: ExternalRoute[] = [];
