import { Type } from 'typebox';
import { companyUrn } from '../../../util/ids.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../route.ts';

const IntrospectResponse = Type.Object({
  data: Type.Object({
    authMethod: Type.Literal('API_KEY'),
    clientId: Type.String(),
    scope: Type.String({ description: 'Space-separated scopes of the key' }),
    applicationName: Type.String(),
    subjectURN: Type.String(),
  }),
});

/** GET /v1/introspect — what this key is: client, scopes, subject company. Any valid key. */
export const introspect: ExternalRoute = (app) => {
  app.get(
    '/v1/introspect',
    {
      config: { scope: null },
      schema: {
        ...operation('External Clients', 'Introspect the details of the current authentication.', { operationId: 'introspect' }),
        response: { 200: IntrospectResponse, ...AUTH_ERRORS },
      },
    },
    async (req) => {
      const p = req.principal;
      return {
        data: {
          authMethod: 'API_KEY' as const,
          clientId: p.clientId,
          scope: p.scope,
          applicationName: p.applicationName,
          subjectURN: companyUrn(p.companyId),
        },
      };
    },
  );
};
