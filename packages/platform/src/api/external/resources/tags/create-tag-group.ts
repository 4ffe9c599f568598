import { Type } from 'typebox';
import { assertCompany } from '../../../../domain/resources/common.ts';
import { createTagGroup } from '../../../../domain/resources/tags.ts';
import { AUTH_ERRORS, type ExternalRoute, errorResponse, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { CompanyIdQuery, TagGroupCreate, TagGroupModel } from './schemas.ts';

/** POST /v0/tag-groups */
export const createTagGroupRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v0/tag-groups',
    {
      config: { scope: 'tag-groups:write' },
      schema: {
        ...operation('tag-groups', 'Creates a new tag group resource', { operationId: 'createTagGroup' }),
        querystring: Type.Object(CompanyIdQuery),
        body: TagGroupCreate,
        response: { 201: DataOf(TagGroupModel), ...AUTH_ERRORS, 409: errorResponse('A tag group with this code exists') },
      },
    },
    async (req, reply) => {
      assertCompany(req.principal.companyId, req.query.company_id);
      return reply.code(201).send({ data: await createTagGroup(database.db, req.principal.companyId, req.body) });
    },
  );
};
