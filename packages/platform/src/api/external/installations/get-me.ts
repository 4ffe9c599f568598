import { AUTH_ERRORS, type ExternalRoute, operation } from '../route.ts';
import { CompanyIdQuery, InstallationResponse } from './schemas.ts';

/** GET /v1/installations/me — the key's installation (the connector's test call). Any valid key. */
export const getMyInstallation: ExternalRoute = (app) => {
  app.get(
    '/v1/installations/me',
    {
      config: { scope: null },
      schema: {
        ...operation('Installations', 'Get client installation', { operationId: 'getClientInstallation' }),
        querystring: CompanyIdQuery,
        response: { 200: InstallationResponse, ...AUTH_ERRORS },
      },
    },
    async (req, reply) => {
      const { company_id } = req.query;
      if (company_id && company_id !== req.principal.companyId) {
        return reply.code(404).send({ type: 'NOT_FOUND', message: 'installation not found' });
      }
      return req.principal.installation; // cached with the key, evicted on every write to the installation
    },
  );
};
