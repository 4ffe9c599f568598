import type { ExternalRoute } from '../../route.ts';
import { getCompanyRoute } from './get-company.ts';
import { listCompaniesRoute } from './list-companies.ts';

export const companyRoutes: ExternalRoute[] = [listCompaniesRoute, getCompanyRoute];
