import { getGroupDimension } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { GroupDimensionParams, TagGroupDimensionModel } from './schemas.ts';

/** GET /v0/tag-groups/{groupId}/dimensions/{dimensionId} */
export const getGroupDimensionRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tag-groups/:groupId/dimensions/:dimensionId',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tag-groups', 'Get a tag group dimension', { operationId: 'getTagGroupDimension' }),
        params: GroupDimensionParams,
        response: { 200: DataOf(TagGroupDimensionModel), ...AUTH_ERRORS },
      },
    },
    async (req) => ({
      data: await getGroupDimension(database.db, req.principal.companyId, req.params.groupId, req.params.dimensionId),
    }),
  );
};
