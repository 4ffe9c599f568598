import { updateGroupDimension } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { GroupDimensionParams, TagGroupDimensionInput, TagGroupDimensionModel } from './schemas.ts';

/** PUT /v0/tag-groups/{groupId}/dimensions/{dimensionId} */
export const updateGroupDimensionRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v0/tag-groups/:groupId/dimensions/:dimensionId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tag-groups', 'Update a tag group dimension', { operationId: 'updateTagGroupDimension' }),
        params: GroupDimensionParams,
        body: TagGroupDimensionInput,
        response: {
          200: DataOf(TagGroupDimensionModel),
          ...AUTH_ERRORS,
          409: errorResponse('TAG_GROUP_DIMENSION_ALREADY_EXISTS: another dimension of the group has this code'),
        },
      },
    },
    async (req) => ({
      data: await updateGroupDimension(database.db, req.principal.companyId, req.params.groupId, req.params.dimensionId, req.body),
    }),
  );
};
