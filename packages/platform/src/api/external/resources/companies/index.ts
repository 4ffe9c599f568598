import type { ExternalRoute } from '../../plugin.ts';
import { getCompanyRoute } from './get-company.ts';
import { listCompaniesRoute } from './list-companies.ts';

export const companyRoutes: ExternalRoute[] = [listCompaniesRoute, getCompanyRoute];
