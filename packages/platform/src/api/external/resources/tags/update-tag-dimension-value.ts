import { updateTagDimensionValue } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TagDimensionParams, TagDimensionValueInput, TagDimensionValueModel } from './schemas.ts';

/** PUT /v0/tags/{tagId}/dimensions/{dimensionId} — changes an existing value (404 when the tag has none; POST creates it). */
export const updateTagDimensionValueRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v0/tags/:tagId/dimensions/:dimensionId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tags', 'Updates a dimension value', { operationId: 'updateDimensionValue' }),
        params: TagDimensionParams,
        body: TagDimensionValueInput,
        response: { 200: DataOf(TagDimensionValueModel), ...AUTH_ERRORS },
      },
    },
    async (req) => ({
      data: await updateTagDimensionValue(database.db, req.principal.companyId, req.params.tagId, req.params.dimensionId, req.body.value),
    }),
  );
};
