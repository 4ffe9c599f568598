import { Type } from 'typebox';
import { invalid } from '../../../../domain/errors.ts';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { aggregatedTagGroups } from '../../../../domain/resources/tag-aggregations.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf, Uuid } from '../common.ts';
import { AggregatedTagGroupModel } from './schemas.ts';

const Query = Type.Object({
  company_id: Type.Optional(Uuid('Must be the key’s company when given.')),
  organization_id: Type.Optional(Uuid('A company key sees its own company only, so this lists the key’s company.')),
  tag_group_ids: Type.Optional(Type.Array(Uuid(), { maxItems: 100, description: 'Only these tag groups.' })),
});

/** GET /v0/aggregations/tag-groups — the company's tag groups, each with its dimensions; company_id or organization_id is required. */
export const listAggregatedTagGroupsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/aggregations/tag-groups',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tag-groups', 'Returns all tag groups for given company in an aggregated format', {
          operationId: 'getAggregatedTagGroups',
          description: 'Supply company_id or organization_id (company_id wins when both are given); with neither the request fails (400).',
        }),
        querystring: Query,
        response: { 200: DataOf(Type.Array(AggregatedTagGroupModel)), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const { company_id, organization_id, tag_group_ids } = req.query;
      if (!company_id && !organization_id) throw invalid('querystring must have company_id or organization_id');
      assertCompany(req.principal.companyId, company_id);
      return { data: await aggregatedTagGroups(database.db, req.principal.companyId, tag_group_ids) };
    },
  );
};
