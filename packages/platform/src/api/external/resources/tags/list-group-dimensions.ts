import { Type } from 'typebox';
import { listGroupDimensions } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { GroupIdParams, TagGroupDimensionModel } from './schemas.ts';

/** GET /v0/tag-groups/{groupId}/dimensions — the group's dimensions besides its tags' name and code. */
export const listGroupDimensionsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tag-groups/:groupId/dimensions',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tag-groups', 'Get a list of tag group dimensions', { operationId: 'getTagGroupDimensions' }),
        params: GroupIdParams,
        response: { 200: DataOf(Type.Array(TagGroupDimensionModel)), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await listGroupDimensions(database.db, req.principal.companyId, req.params.groupId) }),
  );
};
