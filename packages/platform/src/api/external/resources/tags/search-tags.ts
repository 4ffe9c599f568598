import { Type } from 'typebox';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { searchTags } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf } from '../common.ts';
import { CompanyIdQuery, TagModel } from './schemas.ts';

const Query = PageQuery({
  ...CompanyIdQuery,
  text_search: Type.Optional(Type.String({ description: 'Tags whose name or code contains this text' })),
});

/** GET /v0/tags — the company's tags across groups. */
export const searchTagsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tags',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tags', 'Search tags', { operationId: 'searchTags' }),
        querystring: Query,
        response: { 200: Paginated(TagModel), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      return searchTags(database.db, req.principal.companyId, req.query.text_search, pageOf(req.query));
    },
  );
};
