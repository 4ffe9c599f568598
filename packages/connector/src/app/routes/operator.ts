import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { isVisible, VISIBLE_STATES, type VisibleState } from '../../connections/states.ts';
import type { AppContext } from '../context.ts';
import { errors, OperatorOverview, OperatorQuery } from '../schemas.ts';
import { operatorConnection } from '../views.ts';

/** The integration's operators: every connection with tenant, state, company, last check and last error — never a key. */
export function operatorRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/operator/connections',
    {
      schema: {
        tags: ['operator'],
        summary: 'Every connection across tenants (operators only); masks, never keys',
        querystring: OperatorQuery,
        response: { 200: OperatorOverview, ...errors(400, 401, 403) },
      },
      config: { connectorAccess: 'operator' },
    },
    async (req) => {
      const { state } = req.query;
      const [all, tenants] = await Promise.all([ctx.connector.connections.listAll(), ctx.connector.tenants.list()]);
      const names = new Map(tenants.map((t) => [t.id, t.name]));
      const counts = Object.fromEntries(VISIBLE_STATES.map((s) => [s, 0])) as Record<VisibleState, number>;
      for (const c of all) if (isVisible(c.state)) counts[c.state]++;
      const rows = (state ? all.filter((c) => c.state === state) : all)
        .map((c) => operatorConnection(c, ctx.connector.messages, names.get(c.tenantId) ?? null))
        .sort((a, b) => (a.tenantName ?? '').localeCompare(b.tenantName ?? '') || b.updatedAt.localeCompare(a.updatedAt));
      return { data: rows, counts, total: all.length };
    },
  );
}
