import type { ExternalRoute } from '../../route.ts';
import { getEmployeeRoute } from './get-employee.ts';
import { listEmployeesRoute } from './list-employees.ts';

export const employeeRoutes: ExternalRoute[] = [listEmployeesRoute, getEmployeeRoute];
