import { Type } from 'typebox';
import { listGroupTags } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf } from '../common.ts';
import { GroupIdParams, TagModel } from './schemas.ts';

const Query = PageQuery({ include_archived: Type.Optional(Type.Boolean({ description: 'Also list archived tags (default false).' })) });

/** GET /v0/tag-groups/{groupId}/tags */
export const listGroupTagsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tag-groups/:groupId/tags',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tags', 'Returns tags for given tag group', { operationId: 'getTags' }),
        params: GroupIdParams,
        querystring: Query,
        response: { 200: Paginated(TagModel), ...AUTH_ERRORS },
      },
    },
    async (req) =>
      listGroupTags(database.db, req.principal.companyId, req.params.groupId, req.query.include_archived ?? false, pageOf(req.query)),
  );
};
