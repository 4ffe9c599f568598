import { keyActor } from '../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../route.ts';
import { InstallationResponse, UpdateInstallationRequest } from './schemas.ts';

/** PUT /v1/installations/me — the integration reports its status (e.g. INACTIVE + errorCode) or metadata. */
export const updateMyInstallation: ExternalRoute = (app, { installations }) => {
  app.put(
    '/v1/installations/me',
    {
      config: { scope: null },
      schema: {
        ...operation('Installations', 'Update a client installation', { operationId: 'updateClientInstallation' }),
        body: UpdateInstallationRequest,
        response: { 200: InstallationResponse, ...AUTH_ERRORS },
      },
    },
    async (req) => installations.update(keyActor(req), req.principal.installationId, req.body),
  );
};
