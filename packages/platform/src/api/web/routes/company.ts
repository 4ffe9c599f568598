import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertMayManageIntegrations, companyInstallers } from '../../../domain/directory.ts';
import { notFound } from '../../../domain/errors.ts';
import type { IssuedKey as NewKey } from '../../../domain/installations.ts';
import { getIntegration } from '../../../domain/integrations.ts';
import { listMarketplace } from '../../../domain/review.ts';
import { reauthFreshUntil } from '../../../domain/sessions.ts';
import type { PlatformServices } from '../../../services.ts';
import { actorOf, companyOf, hidden, noContent, sessionOf, userOf } from '../context.ts';
import type { PasswordGuards } from '../guards.ts';
import {
  IdParams,
  InstallationList,
  InstallRequest,
  IssuedKey,
  type IssuedKey as IssuedKeyResponse,
  KeyList,
  Marketplace,
  NoContent,
  RegenerateRequest,
} from '../schemas.ts';

/**
 * The company side: marketplace, install (owner/admin + password), Settings → API Keys (regenerate, revoke,
 * uninstall) and installation status. A new key appears in exactly one response body: the install or
 * regenerate response, sent with `Cache-Control: no-store`.
 */
export function companyRoutes(fastify: FastifyInstance, services: PlatformServices, guards: PasswordGuards): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = services.database.db;
  const { installations, config } = services;

  const mayManage = (req: FastifyRequest, what?: { action: string; integrationId?: string | null }) =>
    assertMayManageIntegrations(db, actorOf(req), userOf(req), what);

  async function keyResponse(issued: NewKey, req: FastifyRequest): Promise<IssuedKeyResponse> {
    const integration = await getIntegration(db, issued.installation.applicationId);
    return {
      key: issued.key,
      keyId: issued.keyId,
      keyHint: issued.hint,
      installation: issued.installation,
      integration: { id: integration.id, name: integration.name, connectUrl: integration.connect_url },
      reauthFreshUntil: reauthFreshUntil(sessionOf(req), config.reauthWindowMs),
    };
  }

  app.get('/marketplace', { schema: { ...hidden, response: { 200: Marketplace } }, config: { access: 'company' } }, async (req) => {
    const companyId = companyOf(req);
    const user = userOf(req);
    const [entries, installed, installers] = await Promise.all([
      listMarketplace(db),
      installations.listInstallations(companyId),
      companyInstallers(db, companyId),
    ]);
    const byIntegration = new Map(installed.map((i) => [i.applicationId, i]));
    return {
      data: entries.map((e) => {
        const inst = byIntegration.get(e.id);
        return { ...e, installation: inst ? { id: inst.id, status: inst.status, errorCode: inst.errorCode ?? null } : null };
      }),
      canInstall: user.role === 'owner' || user.role === 'admin',
      installers,
    };
  });

  app.get('/installations', { schema: { ...hidden, response: { 200: InstallationList } }, config: { access: 'company' } }, async (req) => ({
    data: await installations.listInstallations(companyOf(req)),
  }));

  app.post(
    '/installations',
    {
      schema: { ...hidden, body: InstallRequest, response: { 201: IssuedKey } },
      config: { access: 'company' },
    },
    async (req, reply) => {
      const body = req.body;
      const companyId = companyOf(req);
      const integration = await getIntegration(db, body.integrationId).catch(() => null);
      if (integration?.status !== 'approved') throw notFound('integration not found in the marketplace');
      await mayManage(req, { action: 'installation.create', integrationId: integration.id });
      await guards.confirm(db, sessionOf(req), body.password, config.reauthWindowMs);
      const user = userOf(req);
      const issued = await installations.install(actorOf(req), {
        integrationId: integration.id,
        companyId,
        user: { kind: user.kind, role: user.role, company_id: user.companyId },
      });
      return reply.code(201).send(await keyResponse(issued, req));
    },
  );

  app.get('/keys', { schema: { ...hidden, response: { 200: KeyList } }, config: { access: 'company' } }, async (req) => {
    await mayManage(req);
    return { data: await installations.listKeys(companyOf(req)) };
  });

  app.post(
    '/installations/:id/regenerate',
    {
      schema: { ...hidden, params: IdParams, body: RegenerateRequest, response: { 200: IssuedKey } },
      config: { access: 'company' },
    },
    async (req) => {
      const body = req.body;
      const installationId = req.params.id;
      const companyId = companyOf(req);
      const inst = await installations.liveInstallation(db, installationId, companyId);
      await mayManage(req, { action: 'key.regenerate', integrationId: inst.integration_id });
      await guards.confirm(db, sessionOf(req), body.password, config.reauthWindowMs);
      const issued = await installations.regenerate(actorOf(req), { installationId, companyId, graceSeconds: body.graceSeconds });
      return keyResponse(issued, req);
    },
  );

  const byId = { ...hidden, params: IdParams, response: { 204: NoContent } };

  app.post('/keys/:id/revoke', { schema: byId, config: { access: 'company' } }, async (req, reply) => {
    await mayManage(req, { action: 'key.revoke' });
    await installations.revokeKey(actorOf(req), { keyId: req.params.id, companyId: companyOf(req) });
    return noContent(reply);
  });

  app.delete('/installations/:id', { schema: byId, config: { access: 'company' } }, async (req, reply) => {
    const companyId = companyOf(req);
    const inst = await installations.liveInstallation(db, req.params.id, companyId);
    await mayManage(req, { action: 'installation.delete', integrationId: inst.integration_id });
    await installations.uninstall(actorOf(req), { installationId: inst.id, companyId });
    return noContent(reply);
  });
}
