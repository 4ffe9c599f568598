import { deleteGroupDimension } from '../../../../domain/resources/tag-dimensions.ts';
import { AUTH_ERRORS, type ExternalRoute, noBody, operation } from '../../route.ts';
import { GroupDimensionParams } from './schemas.ts';

/** DELETE /v0/tag-groups/{groupId}/dimensions/{dimensionId} — also deletes every tag's value for it. */
export const deleteGroupDimensionRoute: ExternalRoute = (app, { database }) => {
  app.delete(
    '/v0/tag-groups/:groupId/dimensions/:dimensionId',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tag-groups', 'Delete a tag group dimension', { operationId: 'deleteTagGroupDimension' }),
        params: GroupDimensionParams,
        response: { 204: noBody('Dimension deleted'), ...AUTH_ERRORS },
      },
    },
    async (req, reply) => {
      await deleteGroupDimension(database.db, req.principal.companyId, req.params.groupId, req.params.dimensionId);
      return reply.code(204).send();
    },
  );
};
