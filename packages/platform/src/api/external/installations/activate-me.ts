import { keyActor } from '../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../route.ts';
import { InstallationResponse } from './schemas.ts';

/** POST /v1/installations/me:activate — the integration finished setup; status becomes ACTIVATED. */
export const activateMyInstallation: ExternalRoute = (app, { installations }) => {
  // `::` is find-my-way's escape for a literal colon: the URL is /v1/installations/me:activate.
  app.post(
    '/v1/installations/me::activate',
    {
      config: { scope: null },
      schema: {
        ...operation('Installations', 'Activate the installation for a client', { operationId: 'activateMyInstallation' }),
        response: { 200: InstallationResponse, ...AUTH_ERRORS },
      },
    },
    async (req) => installations.update(keyActor(req), req.principal.installationId, { status: 'ACTIVATED', errorCode: null }),
  );
};
