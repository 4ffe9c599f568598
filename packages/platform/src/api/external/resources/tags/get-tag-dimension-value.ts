import { getTagDimensionValue } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TagDimensionParams, TagDimensionValueModel } from './schemas.ts';

/** GET /v0/tags/{tagId}/dimensions/{dimensionId} */
export const getTagDimensionValueRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tags/:tagId/dimensions/:dimensionId',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tags', 'Gets a dimension value', { operationId: 'getDimensionValue' }),
        params: TagDimensionParams,
        response: { 200: DataOf(TagDimensionValueModel), ...AUTH_ERRORS },
      },
    },
    async (req) => ({
      data: await getTagDimensionValue(database.db, req.principal.companyId, req.params.tagId, req.params.dimensionId),
    }),
  );
};
