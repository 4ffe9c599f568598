import { Type } from 'typebox';

export const InstallationStatus = Type.Union(
  [
    Type.Literal('ACTIVATED'),
    Type.Literal('INACTIVE'),
    Type.Literal('AUTHORIZED'),
    Type.Literal('PENDING_INTEGRATION'),
    Type.Literal('ERROR'),
  ],
  { description: 'ACTIVATED | INACTIVE | AUTHORIZED | PENDING_INTEGRATION | ERROR' },
);
export const InstallationErrorCode = Type.Union([
  Type.Literal('NOT_ENTITLED'),
  Type.Literal('AUTH_ERROR'),
  Type.Literal('INTEGRATION_ERROR'),
]);
const Metadata = Type.Record(Type.String(), Type.Unknown(), { description: 'Free-form metadata kept for the integration.' });

export const InstallationResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  applicationId: Type.String({ format: 'uuid' }),
  resource: Type.String({ examples: ['urn:pleo:company:123e4567-e89b-12d3-a456-426614174000'] }),
  status: Type.String(),
  errorCode: Type.Optional(Type.String()),
  metadata: Metadata,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreateInstallationRequest = Type.Object({
  metadata: Type.Optional(Metadata),
  status: Type.Optional(InstallationStatus),
});

export const UpdateInstallationRequest = Type.Object({
  status: InstallationStatus,
  errorCode: Type.Optional(InstallationErrorCode),
  metadata: Type.Optional(Metadata),
});

export const CompanyIdQuery = Type.Object({
  company_id: Type.Optional(Type.String({ format: 'uuid', description: 'Optional company ID filter.' })),
});
