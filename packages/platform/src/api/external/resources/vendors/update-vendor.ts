import { assertCompany } from '../../../../domain/resources/common.ts';
import { updateVendor } from '../../../../domain/resources/vendors.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { VendorIdParams, VendorModel, VendorUpdateRequest } from './schemas.ts';

/** PUT /v1/vendors/{id} */
export const updateVendorRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v1/vendors/:id',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Update a Vendor', { operationId: 'updateVendor' }),
        params: VendorIdParams,
        body: VendorUpdateRequest,
        response: { 200: DataOf(VendorModel, 'Vendor updated'), ...AUTH_ERRORS, 409: errorResponse('Conflicting vendor update') },
      },
    },
    async (req) => {
      const { companyId, ...input } = req.body;
      assertCompany(req.principal.companyId, companyId);
      return { data: await updateVendor(database.db, req.principal.companyId, req.params.id, input) };
    },
  );
};
