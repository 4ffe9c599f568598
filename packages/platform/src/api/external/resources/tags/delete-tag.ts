import { deleteTag } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, noBody, operation } from '../../route.ts';
import { TagIdParams } from './schemas.ts';

/** DELETE /v0/tags/{tagId} — refused (409) while accounting entries use the tag; archive it instead. */
export const deleteTagRoute: ExternalRoute = (app, { database }) => {
  app.delete(
    '/v0/tags/:tagId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tags', 'Deletes tag by id', { operationId: 'deleteTag' }),
        params: TagIdParams,
        response: { 204: noBody('Tag deleted'), ...AUTH_ERRORS, 409: errorResponse('The tag is in use') },
      },
    },
    async (req, reply) => {
      await deleteTag(database.db, req.principal.companyId, req.params.tagId);
      return reply.code(204).send();
    },
  );
};
