import type { ExternalRoute } from '../../plugin.ts';
import { getEmployeeRoute } from './get-employee.ts';
import { listEmployeesRoute } from './list-employees.ts';

export const employeeRoutes: ExternalRoute[] = [listEmployeesRoute, getEmployeeRoute];
