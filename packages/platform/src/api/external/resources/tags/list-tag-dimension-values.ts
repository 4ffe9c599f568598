import { Type } from 'typebox';
import { listTagDimensionValues } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TagDimensionValueModel, TagIdParams } from './schemas.ts';

/** GET /v0/tags/{tagId}/dimensions — the tag's value for each dimension of its group that has one. */
export const listTagDimensionValuesRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tags/:tagId/dimensions',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tags', 'Fetches dimension values', { operationId: 'getTagDimensionValues' }),
        params: TagIdParams,
        response: { 200: DataOf(Type.Array(TagDimensionValueModel)), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await listTagDimensionValues(database.db, req.principal.companyId, req.params.tagId) }),
  );
};
