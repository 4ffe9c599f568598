import { keyActor } from '../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../route.ts';
import { CreateInstallationRequest, InstallationResponse } from './schemas.ts';

/**
 * POST /v1/installations/me — "create" the installation. With an integrated key the installation already
 * exists (made at install time), so this records the given metadata/status and returns it (idempotent).
 */
export const createMyInstallation: ExternalRoute = (app, { installations }) => {
  app.post(
    '/v1/installations/me',
    {
      config: { scope: null },
      schema: {
        ...operation('Installations', 'Create a client installation', { operationId: 'createClientInstallation' }),
        body: CreateInstallationRequest,
        response: { 200: InstallationResponse, ...AUTH_ERRORS },
      },
    },
    async (req) =>
      installations.update(keyActor(req), req.principal.installationId, { status: req.body.status, metadata: req.body.metadata }),
  );
};
