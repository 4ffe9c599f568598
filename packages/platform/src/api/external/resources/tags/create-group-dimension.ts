import { createGroupDimension } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { GroupIdParams, TagGroupDimensionInput, TagGroupDimensionModel } from './schemas.ts';

/** POST /v0/tag-groups/{groupId}/dimensions */
export const createGroupDimensionRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v0/tag-groups/:groupId/dimensions',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tag-groups', 'Creates a new tag group dimension', { operationId: 'createTagGroupDimension' }),
        params: GroupIdParams,
        body: TagGroupDimensionInput,
        response: {
          201: DataOf(TagGroupDimensionModel),
          ...AUTH_ERRORS,
          409: errorResponse('TAG_GROUP_DIMENSION_ALREADY_EXISTS: the group has a dimension with this code'),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ data: await createGroupDimension(database.db, req.principal.companyId, req.params.groupId, req.body) }),
  );
};
