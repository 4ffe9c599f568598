import { deleteTagGroup } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { GroupIdParams } from './schemas.ts';

/** DELETE /v0/tag-groups/{groupId} — the group and its tags; answers `true` (Pleo's boolean body). */
export const deleteTagGroupRoute: ExternalRoute = (app, { database }) => {
  app.delete(
    '/v0/tag-groups/:groupId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tag-groups', 'Deletes the tag group resource by id', { operationId: 'deleteTagGroup' }),
        params: GroupIdParams,
        response: { 200: { description: 'Deleted', type: 'boolean' }, ...AUTH_ERRORS, 409: errorResponse('A tag of the group is in use') },
      },
    },
    async (req) => deleteTagGroup(database.db, req.principal.companyId, req.params.groupId),
  );
};
