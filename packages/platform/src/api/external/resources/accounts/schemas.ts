import { Type } from 'typebox';
import { Metadata, Nullable, Uuid } from '../common.ts';

/** Pleo's BookkeepingAccountRestModelV1. */
export const AccountModel = Type.Object({
  id: Uuid("Pleo's internal identifier of the account."),
  companyId: Uuid("Pleo's internal identifier of the company the account is associated with."),
  externalId: Type.String({ description: 'Unique external identifier of the account, assigned in the external ERP/accounting system.' }),
  code: Nullable(Type.String({ description: "Account code or number used in the accounting system's chart of accounts." })),
  name: Type.String({ description: 'Name of the account.' }),
  archived: Type.Boolean({ description: 'Boolean flag used to determine if the account is archived.' }),
  taxCodeExternalId: Nullable(
    Type.String({ description: 'The identifier in the target system for the tax code the account is associated with.' }),
  ),
  metadata: Type.Optional(Nullable(Metadata)),
});

const fields = {
  archived: Type.Boolean({ description: 'Boolean flag used to determine if the account is archived.' }),
  code: Type.Optional(Nullable(Type.String({ maxLength: 255, description: 'Account code or number. Maximum length: 255 characters.' }))),
  metadata: Type.Optional(Nullable(Metadata)),
  name: Type.String({ maxLength: 255, description: 'Name of the account. Maximum length: 255 characters.' }),
  taxCodeExternalId: Type.Optional(
    Nullable(Type.String({ description: 'The identifier in the target system for the tax code (not a rate, not a Pleo id).' })),
  ),
};
const externalId = Type.String({
  minLength: 1,
  maxLength: 255,
  description: 'Non empty unique external identifier of the account. Maximum length: 255 characters.',
});

/** BookkeepingAccountCreateRequestV1 */
export const AccountCreateRequest = Type.Object({
  ...fields,
  companyId: Uuid("Pleo's internal identifier for the company the account is associated with."),
  externalId,
});
/** BookkeepingAccountBatchRequestItemV1 (validated per item by the domain, so a bad item fails alone). */
export const AccountBatchItem = Type.Object({
  ...fields,
  name: Type.String({ description: 'Name of the account. Maximum length: 255 characters.' }),
  code: Type.Optional(Nullable(Type.String())),
  externalId: Type.String({ description: 'Non empty unique external identifier of the account. Maximum length: 255 characters.' }),
});
export const AccountBatchCreateRequest = Type.Object({
  companyId: Uuid("Pleo's internal identifier for the company the accounts are associated with."),
  items: Type.Array(AccountBatchItem, { minItems: 1, maxItems: 1000 }),
});
export const AccountBatchCreateResponse = Type.Object({
  data: Type.Object({
    created: Type.Array(AccountModel),
    failed: Type.Array(Type.Object({ reasons: Type.Array(Type.String()), request: AccountBatchItem })),
  }),
});
/** BookkeepingAccountUpdateRequestV1 */
export const AccountUpdateRequest = Type.Object(fields);

/** BookkeepingAccountSearchRequestV1 */
export const AccountSearchRequest = Type.Object({
  companyId: Uuid('Filter by company ID.'),
  archived: Type.Optional(Nullable(Type.Boolean({ description: 'Filter by archived status.' }))),
  code: Type.Optional(Nullable(Type.String({ description: 'Search by code (deprecated: use codes).', deprecated: true }))),
  codes: Type.Optional(Nullable(Type.Array(Type.String(), { uniqueItems: true, description: 'Search by a list of codes.' }))),
  excludeIfAssignedToCategory: Type.Optional(
    Type.Boolean({ default: false, description: 'Accepted; bookkeeping categories are not modelled.' }),
  ),
  excludeIfAssignedToContraAccount: Type.Optional(
    Type.Boolean({ default: false, description: 'Accepted; contra accounts are not modelled.' }),
  ),
  externalId: Type.Optional(Nullable(Type.String({ description: 'Search by external id.' }))),
  ids: Type.Optional(Nullable(Type.Array(Uuid(), { uniqueItems: true, description: 'Filter by a list of account IDs.' }))),
  name: Type.Optional(Nullable(Type.String({ description: 'Search by name (case-insensitive, contains).' }))),
});

export const AccountIdParams = Type.Object({ accountId: Uuid('ID of the account.') });
