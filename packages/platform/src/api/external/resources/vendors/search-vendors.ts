import { assertCompany } from '../../../../domain/resources/common.ts';
import { searchVendors } from '../../../../domain/resources/vendors.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { optionalBody, PageQuery, Paginated, pageOf, Uuid } from '../common.ts';
import { VendorModel, VendorSearchRequest } from './schemas.ts';

const Query = PageQuery({ company_id: Uuid("Pleo's internal identifier for the company the Vendor is associated with.") });

/** POST /v1/vendors:search — the company's vendors (Pleo's list operation); `company_id` is required, the body optional. */
export const searchVendorsRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/vendors::search',
    {
      config: { scope: 'vendors:read' },
      preValidation: optionalBody,
      schema: {
        ...operation('external-vendors', 'Fetches Vendors by search criteria', { operationId: 'searchVendors' }),
        querystring: Query,
        body: VendorSearchRequest,
        response: { 200: Paginated(VendorModel, 'Fetches vendors by search criteria'), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      const { accountingSystems: _ignored, ...filter } = req.body;
      return searchVendors(database.db, req.principal.companyId, filter, pageOf(req.query));
    },
  );
};
