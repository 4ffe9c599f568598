import { getTag } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { TagIdParams, TagModel } from './schemas.ts';

/** GET /v0/tags/{tagId} */
export const getTagRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v0/tags/:tagId',
    {
      config: { scope: 'tag-groups:read' },
      schema: {
        ...operation('tags', 'Returns tag by id', { operationId: 'getTag' }),
        params: TagIdParams,
        response: { 200: DataOf(TagModel), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getTag(database.db, req.principal.companyId, req.params.tagId) }),
  );
};
