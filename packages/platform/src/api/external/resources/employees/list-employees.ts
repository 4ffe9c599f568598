import { Type } from 'typebox';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { listEmployees } from '../../../../domain/resources/employees.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { EmployeeModel } from './schemas.ts';

const Query = PageQuery({
  companyId: Type.Optional(Uuid('Company of the employees; must be the key’s company.')),
  email: Type.Optional(Type.String({ description: 'The email of the Employee you are searching for.' })),
  code: Type.Optional(Type.String({ description: 'The external ID of the Employee you are searching for.' })),
});

/** GET /v2/employees — the company's employees, filtered by email or code. */
export const listEmployeesRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v2/employees',
    {
      config: { scope: 'users:read' },
      schema: {
        ...operation('Employees', 'Search for employees', { operationId: 'Search Employees' }),
        querystring: Query,
        response: { 200: Paginated(EmployeeModel, 'Employee search successful'), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const { companyId, email, code } = req.query;
      assertCompany(req.principal.companyId, companyId);
      return listEmployees(database.db, req.principal.companyId, { email, code }, pageOf(req.query));
    },
  );
};
