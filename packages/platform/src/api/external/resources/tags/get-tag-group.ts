import { getTagGroup } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { GroupIdParams, TagGroupModel } from './schemas.ts';

/** GET /v0/tag-groups/{groupId} */
export const getTagGroupRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tag-groups/:groupId',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tag-groups', 'Returns the tag group resource by id', { operationId: 'getTagGroup' }),
        params: GroupIdParams,
        response: { 200: DataOf(TagGroupModel), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getTagGroup(database.db, req.principal.companyId, req.params.groupId) }),
  );
};
