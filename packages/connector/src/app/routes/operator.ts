import type { FastifyInstance } from 'fastify';
import { VISIBLE_STATES, type VisibleState } from '../../connections/states.ts';
import type { AppContext } from '../context.ts';
import { errors, ref } from '../schemas.ts';
import { operatorConnection } from '../views.ts';

/** The integration's operators: every connection with tenant, state, company, last check and last error — never a key. */
export function operatorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/operator/connections',
    {
      schema: {
        tags: ['operator'],
        summary: 'Every connection across tenants (operators only); masks, never keys',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { state: { type: 'string', enum: [...VISIBLE_STATES] } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              data: { type: 'array', items: ref('OperatorConnection') },
              counts: { type: 'object', additionalProperties: { type: 'integer' } },
              total: { type: 'integer' },
            },
          },
          ...errors(400, 401, 403),
        },
      },
      config: { connectorAccess: 'operator' },
    },
    async (req) => {
      const { state } = req.query as { state?: VisibleState };
      const [all, tenants] = await Promise.all([ctx.connector.connections.listAll(), ctx.connector.tenants.list()]);
      const names = new Map(tenants.map((t) => [t.id, t.name]));
      const counts: Record<string, number> = Object.fromEntries(VISIBLE_STATES.map((s) => [s, 0]));
      for (const c of all) counts[c.state] = (counts[c.state] ?? 0) + 1;
      const rows = (state ? all.filter((c) => c.state === state) : all)
        .map((c) => operatorConnection(c, ctx.connector.messages, names.get(c.tenantId) ?? null))
        .sort((a, b) => (a.tenantName ?? '').localeCompare(b.tenantName ?? '') || b.updatedAt.localeCompare(a.updatedAt));
      return { data: rows, counts, total: all.length };
    },
  );
}
