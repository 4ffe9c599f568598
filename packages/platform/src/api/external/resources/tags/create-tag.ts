import { createTag } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { GroupIdParams, TagCreateUpdate, TagModel } from './schemas.ts';

/** POST /v0/tag-groups/{groupId}/tags */
export const createTagRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v0/tag-groups/:groupId/tags',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tags', 'Creates a new tag sub-resource under the given tag group', { operationId: 'createTag' }),
        params: GroupIdParams,
        body: TagCreateUpdate,
        response: { 201: DataOf(TagModel), ...AUTH_ERRORS, 409: errorResponse('A tag with this code exists in the group') },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ data: await createTag(database.db, req.principal.companyId, req.params.groupId, req.body) }),
  );
};
