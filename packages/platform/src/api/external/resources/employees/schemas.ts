import { Type } from 'typebox';
import { Uuid } from '../common.ts';

/** Pleo's ExternalEmployeeResponseModel. */
export const EmployeeModel = Type.Object({
  id: Uuid('ID of the Employee'),
  companyId: Uuid('Company ID of the Employee'),
  email: Type.String({ description: 'Email of the Employee' }),
  firstName: Type.String({ description: 'First name of the Employee' }),
  lastName: Type.String({ description: 'Last name of the Employee' }),
  code: Type.Optional(Type.String({ description: 'External ID of the Employee' })),
  jobTitle: Type.Optional(Type.String({ description: 'Job title of the Employee' })),
  phone: Type.Optional(Type.String({ description: 'Phone number of the Employee' })),
});
