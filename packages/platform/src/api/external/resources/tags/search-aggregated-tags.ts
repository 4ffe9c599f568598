import { assertCompany } from '../../../../domain/resources/common.ts';
import { searchAggregatedTags } from '../../../../domain/resources/tag-aggregations.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { optionalBody, PageQuery, Paginated, pageOf } from '../common.ts';
import { AggregatedTagModel, AggregatedTagSearchRequest, CompanyIdQuery } from './schemas.ts';

const Query = PageQuery(CompanyIdQuery);

/** POST /v0/aggregations/tags — tags with their group and dimension values; the body (tagIds, textSearch) is optional. */
export const searchAggregatedTagsRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v0/aggregations/tags',
    {
      config: { scope: 'tag-groups:read' },
      preValidation: optionalBody,
      schema: {
        ...operation('tags', 'Search and return aggregated tags', { operationId: 'searchAggregatedTags' }),
        querystring: Query,
        body: AggregatedTagSearchRequest,
        response: { 200: Paginated(AggregatedTagModel), ...AUTH_ERRORS },
      },
    },
    async (req) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      return searchAggregatedTags(database.db, req.principal.companyId, req.body, pageOf(req.query));
    },
  );
};
