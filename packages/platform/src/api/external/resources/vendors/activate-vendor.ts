import type { Static } from 'typebox';
import { activateVendor } from '../../../../domain/resources/vendors.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { ActivateVendorRequest, VendorIdParams } from './schemas.ts';

/** POST /v1/vendors/{id}:activate — the ERP created the vendor: ACTIVE, with the ERP's identifiers. */
export const activateVendorRoute: ExternalRoute = (app, { database }) => {
  app.post<{ Params: { id: string }; Body: Static<typeof ActivateVendorRequest> }>(
    '/v1/vendors/:id(^[^:]+)::activate',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Activate a Vendor', { operationId: 'activateVendor' }),
        params: VendorIdParams,
        body: ActivateVendorRequest,
        response: {
          204: { description: 'Vendor activated', type: 'null' },
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
