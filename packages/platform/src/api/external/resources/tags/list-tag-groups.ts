import { Type } from 'typebox';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { listTagGroups } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf, Uuid } from '../common.ts';
import { CompanyIdQuery, TagGroupModel } from './schemas.ts';

const Query = Type.Object({ ...CompanyIdQuery, organization_id: Type.Optional(Uuid('Ignored: a company key sees its own company.')) });

/** GET /v0/tag-groups — every tag group of the key's company (not paginated, as Pleo). */
export const listTagGroupsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tag-groups',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tag-groups', 'Returns all tag groups for given company', { operationId: 'getTagGroups' }),
        querystring: Query,
        response: { 200: DataOf(Type.Array(TagGroupModel)), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      return { data: await listTagGroups(database.db, req.principal.companyId) };
    },
  );
};
