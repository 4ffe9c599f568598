import { keyActor } from '../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, noBody, operation } from '../route.ts';

/** DELETE /v1/installations/me — the integration uninstalls itself; every key of the installation is revoked. */
export const deleteMyInstallation: ExternalRoute = (app, { installations }) => {
  app.delete(
    '/v1/installations/me',
    {
      config: { scope: null },
      schema: {
        ...operation('Installations', "Delete client's installation", { operationId: 'deleteClientInstallation' }),
        response: { 204: noBody('Installation deleted successfully'), ...AUTH_ERRORS },
      },
    },
    async (req, reply) => {
      await installations.uninstall(keyActor(req), { installationId: req.principal.installationId });
      return reply.code(204).send();
    },
  );
};
