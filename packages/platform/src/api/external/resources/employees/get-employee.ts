import { Type } from 'typebox';
import { getEmployee } from '../../../../domain/resources/employees.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf, Uuid } from '../common.ts';
import { EmployeeModel } from './schemas.ts';

/** GET /v2/employees/{employeeId} */
export const getEmployeeRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v2/employees/:employeeId',
    {
      config: { scope: 'users:read' },
      schema: {
        ...operation('Employees', 'Search for a specific employee', { operationId: 'Get employee by ID' }),
        params: Type.Object({ employeeId: Uuid('Enter the employee ID.') }),
        response: { 200: DataOf(EmployeeModel, 'Employee resource found'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getEmployee(database.db, req.principal.companyId, req.params.employeeId) }),
  );
};
