import { activateVendor } from '../../../../domain/resources/vendors.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, noBody, operation } from '../../route.ts';
import { ActivateVendorRequest, VendorIdParams } from './schemas.ts';

/** POST /v1/vendors/{id}:activate — the ERP created the vendor: ACTIVE, with the ERP's identifiers. */
export const activateVendorRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/vendors/:id(^[^:]+)::activate',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Activate a Vendor', { operationId: 'activateVendor' }),
        params: VendorIdParams,
        body: ActivateVendorRequest,
        response: {
          204: noBody('Vendor activated'),
          ...AUTH_ERRORS,
          409: errorResponse('Another vendor has this externalId'),
        },
      },
    },
    async (req, reply) => {
      await activateVendor(database.db, req.principal.companyId, req.params.id, req.body);
      return reply.code(204).send();
    },
  );
};
