import { deleteTagDimensionValue } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TagDimensionParams, TagDimensionValueModel } from './schemas.ts';

/** DELETE /v0/tags/{tagId}/dimensions/{dimensionId} — answers the deleted value, as Pleo's file says. */
export const deleteTagDimensionValueRoute: ExternalRoute = (app, { database }) => {
  app.delete(
    '/v0/tags/:tagId/dimensions/:dimensionId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tags', 'Deletes a dimension value', { operationId: 'deleteDimensionValue' }),
        params: TagDimensionParams,
        response: { 200: DataOf(TagDimensionValueModel), ...AUTH_ERRORS },
      },
    },
    async (req) => ({
      data: await deleteTagDimensionValue(database.db, req.principal.companyId, req.params.tagId, req.params.dimensionId),
    }),
  );
};
