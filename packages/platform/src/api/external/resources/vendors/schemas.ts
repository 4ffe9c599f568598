import { Type } from 'typebox';
import { DateTime, StringEnum, Uuid } from '../common.ts';

export const VENDOR_STATES = ['DRAFT', 'ACTIVE', 'ARCHIVED'] as const;
export const VendorState = StringEnum(VENDOR_STATES, {
  description: 'ACTIVE: in sync with the ERP; DRAFT: needs to be created in the ERP; ARCHIVED: no longer used.',
});
/** Pleo's CountryCode: ISO 3166-1 alpha-2 (or UNDEFINED). */
export const CountryCode = Type.String({ pattern: '^(UNDEFINED|[A-Z]{2})$', description: 'ISO 3166-1 alpha-2 country code, e.g. DK' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code (3 letters), e.g. DKK' });

/** Pleo's VendorResponse. */
export const VendorModel = Type.Object({
  id: Uuid("Pleo's internal identifier of the vendor."),
  companyId: Uuid("Pleo's internal identifier for the company the Vendor is associated with."),
  name: Type.String(),
  defaultCurrency: Type.String({ minLength: 3, maxLength: 3 }),
  state: VendorState,
  code: Type.Optional(Type.String()),
  externalId: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
  registrationNumber: Type.Optional(Type.String()),
  taxRegistrationNumber: Type.Optional(Type.String()),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

const fields = {
  code: Type.Optional(Type.String({ description: 'Account code assigned to the vendor in the ERP/accounting system.' })),
  companyId: Uuid("Pleo's internal identifier for the company the Vendor is associated with."),
  country: Type.Optional(CountryCode),
  defaultCurrency: Currency,
  name: Type.String({ minLength: 1, description: 'The official name of the Vendor as recorded in the ERP/accounting system.' }),
  registrationNumber: Type.Optional(Type.String()),
  taxRegistrationNumber: Type.Optional(Type.String({ description: 'VAT/GST/TaxId number of the Vendor.' })),
};

/** VendorCreateRequest */
export const VendorCreateRequest = Type.Object({
  ...fields,
  externalId: Type.Optional(
    Type.String({ description: 'Identifier in the ERP; without one the vendor is a DRAFT for the ERP to create.' }),
  ),
});
/** VendorUpdateRequest */
export const VendorUpdateRequest = Type.Object({ ...fields, externalId: Type.String({ minLength: 1 }), state: VendorState });
/** ActivateVendorEventRequest */
export const ActivateVendorRequest = Type.Object({
  externalId: Type.String({ minLength: 1, description: 'Identifier of the vendor in the ERP/accounting system.' }),
  code: Type.Optional(Type.String()),
});

const list = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Optional(Type.Array(item, { maxItems: 100 }));
/** VendorSearchRequestV1 */
export const VendorSearchRequest = Type.Object({
  accountingSystems: list(Type.String({ description: 'Accepted; vendors are not tied to an accounting system here.' })),
  codes: list(Type.String()),
  countries: list(CountryCode),
  externalIds: list(Type.String()),
  ids: list(Uuid()),
  name: Type.Optional(Type.String({ description: 'Vendors whose name contains this text (case-insensitive).' })),
  states: Type.Optional(Type.Array(VendorState, { maxItems: 4 })),
  taxRegistrationNumbers: list(Type.String()),
});

export const VendorIdParams = Type.Object({ id: Uuid("Pleo's internal identifier of the vendor.") });
