import { updateTag } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TagCreateUpdate, TagIdParams, TagModel } from './schemas.ts';

/** PUT /v0/tags/{tagId} */
export const updateTagRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v0/tags/:tagId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tags', 'Updates tag by id', { operationId: 'updateTag' }),
        params: TagIdParams,
        body: TagCreateUpdate,
        response: { 200: DataOf(TagModel), ...AUTH_ERRORS, 409: errorResponse('A tag with this code exists in the group') },
      },
    },
    async (req) => ({ data: await updateTag(database.db, req.principal.companyId, req.params.tagId, req.body) }),
  );
};
