import { archiveVendor } from '../../../../domain/resources/vendors.ts';
import { AUTH_ERRORS, type ExternalRoute, noBody, operation } from '../../route.ts';
import { VendorIdParams } from './schemas.ts';

/** POST /v1/vendors/{id}:archive */
export const archiveVendorRoute: ExternalRoute = (app, { database }) => {
  app.post(
    // A regex-bounded param so find-my-way can tell /:id:archive from /:id:activate (`::` is a literal colon).
    '/v1/vendors/:id(^[^:]+)::archive',
    {
      config: { scope: 'vendors:write' },
      schema: {
        ...operation('external-vendors', 'Archive a Vendor', { operationId: 'archiveVendorById' }),
        params: VendorIdParams,
        response: { 204: noBody('Vendor archived'), ...AUTH_ERRORS },
      },
    },
    async (req, reply) => {
      await archiveVendor(database.db, req.principal.companyId, req.params.id);
      return reply.code(204).send();
    },
  );
};
