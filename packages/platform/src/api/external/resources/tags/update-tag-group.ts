import { updateTagGroup } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { GroupIdParams, TagGroupModel, TagGroupUpdate } from './schemas.ts';

/** PUT /v0/tag-groups/{groupId} */
export const updateTagGroupRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v0/tag-groups/:groupId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tag-groups', 'Updates the tag group resource by id', { operationId: 'updateTagGroup' }),
        params: GroupIdParams,
        body: TagGroupUpdate,
        response: { 200: DataOf(TagGroupModel), ...AUTH_ERRORS, 409: errorResponse('A tag group with this code exists') },
      },
    },
    async (req) => ({ data: await updateTagGroup(database.db, req.principal.companyId, req.params.groupId, req.body) }),
  );
};
