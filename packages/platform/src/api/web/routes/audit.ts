import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { assertMayManageIntegrations } from '../../../domain/directory.ts';
import { forbidden } from '../../../domain/errors.ts';
import { listAuditEntries } from '../../../domain/review.ts';
import type { PlatformServices } from '../../../services.ts';
import { actorOf, hidden, userOf } from '../context.ts';
import { AuditPage, AuditQuery } from '../schemas.ts';

/** The audit log: staff see every event; a company's owners and admins see their company's. */
export function auditRoutes(fastify: FastifyInstance, services: PlatformServices): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = services.database.db;
  app.get(
    '/audit',
    {
      schema: { ...hidden, querystring: AuditQuery, response: { 200: AuditPage } },
      config: { access: 'user' },
    },
    async (req) => {
      const user = userOf(req);
      const { before, limit = 50 } = req.query;
      if (user.kind === 'partner') throw forbidden('The audit log is for staff and for company owners and admins.');
      if (user.kind !== 'staff') await assertMayManageIntegrations(db, actorOf(req), user);
      const companyId = user.kind === 'staff' ? undefined : (user.companyId as string);
      const data = await listAuditEntries(db, { companyId, before, limit: limit + 1 });
      return { data: data.slice(0, limit), hasMore: data.length > limit };
    },
  );
}
