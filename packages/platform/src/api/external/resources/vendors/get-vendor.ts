import { getVendor } from '../../../../domain/resources/vendors.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { VendorIdParams, VendorModel } from './schemas.ts';

/** GET /v1/vendors/{id} */
export const getVendorRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/vendors/:id',
    {
      config: { scope: 'vendors:read' },
      schema: {
        ...operation('external-vendors', 'Retrieves a Vendor in Pleo by its id', { operationId: 'getVendorById' }),
        params: VendorIdParams,
        response: { 200: DataOf(VendorModel, 'Fetches vendor by id'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getVendor(database.db, req.principal.companyId, req.params.id) }),
  );
};
