import { assertCompany } from '../../../../domain/resources/common.ts';
import { createVendor } from '../../../../domain/resources/vendors.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { VendorCreateRequest, VendorModel } from './schemas.ts';

/** POST /v1/vendors — with an externalId the vendor is ACTIVE (it exists in the ERP), without one a DRAFT. */
export const createVendorRoute: ExternalRoute = (app, { database, ctx }) => {
  app.post(
    '/v1/vendors',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Create a New Vendor', { operationId: 'postVendor' }),
        body: VendorCreateRequest,
        response: { 201: DataOf(VendorModel, 'New vendor created'), ...AUTH_ERRORS, 409: errorResponse('Vendor already exists') },
      },
    },
    async (req, reply) => {
      const { companyId, ...input } = req.body;
      assertCompany(req.principal.companyId, companyId);
      const vendor = await createVendor(database.db, req.principal.companyId, input);
      ctx.notifyOutbox();
      return reply.code(201).send({ data: vendor });
    },
  );
};
