import { createTagDimensionValue } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TagDimensionParams, TagDimensionValueInput, TagDimensionValueModel } from './schemas.ts';

/** POST /v0/tags/{tagId}/dimensions/{dimensionId} — the dimension must belong to the tag's group. */
export const createTagDimensionValueRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v0/tags/:tagId/dimensions/:dimensionId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tags', 'Creates a dimension value', { operationId: 'createDimensionValue' }),
        params: TagDimensionParams,
        body: TagDimensionValueInput,
        response: {
          201: DataOf(TagDimensionValueModel),
          ...AUTH_ERRORS,
          409: errorResponse('TAG_DIMENSION_VALUE_ALREADY_EXISTS: the tag has a value for this dimension (PUT changes it)'),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send({
        data: await createTagDimensionValue(database.db, req.principal.companyId, req.params.tagId, req.params.dimensionId, req.body.value),
      }),
  );
};
