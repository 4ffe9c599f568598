import { Type } from 'typebox';
import { Uuid } from '../common.ts';

/** Pleo's ExternalCompanyResponseModel. */
export const CompanyModel = Type.Object({
  id: Uuid('ID of the Company'),
  name: Type.String({ description: 'Name of the Company' }),
  address: Type.Object(
    {
      addressLine1: Type.Optional(Type.String()),
      addressLine2: Type.Optional(Type.String()),
      country: Type.Optional(Type.String()),
      locality: Type.Optional(Type.String()),
      postalCode: Type.Optional(Type.String()),
      region: Type.Optional(Type.String()),
    },
    { description: 'Address of the company' },
  ),
  registrationNumber: Type.Optional(Type.String({ description: 'Registration number of the company' })),
});
