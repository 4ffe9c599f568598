import { Type } from 'typebox';
import { DateTime, Nullable, StringMap, Uuid } from '../common.ts';

const Money = Type.Object({
  currency: Type.String({ description: 'ISO 4217 currency code' }),
  value: Type.Number({ description: 'Amount in minor units (cents): 896.96 SEK is 89696.' }),
});
const Amounts = Type.Object({ inSupplierCurrency: Money, inWalletCurrency: Money });

const Line = Type.Object({
  accountingEntryLineId: Uuid('ID of the specific line.'),
  account: Nullable(
    Type.Object({
      id: Uuid('Account identifier assigned by Pleo.'),
      name: Type.String(),
      code: Nullable(Type.String()),
      identifier: Nullable(Type.String({ description: 'Account identifier assigned by the ERP/accounting system.' })),
    }),
  ),
  lineAmount: Amounts,
  netAmount: Amounts,
  tags: Nullable(Type.Array(Type.Object({ id: Uuid(), code: Type.String(), groupCode: Type.String() }))),
  tax: Nullable(
    Type.Object({
      id: Uuid('Pleo internal identifier of the tax code.'),
      code: Nullable(Type.String()),
      rate: Type.Number({ description: 'Decimal: 20 % is 0.20' }),
      type: Type.String({ description: 'inclusive | exclusive | reverse' }),
      amount: Amounts,
      ingoingTaxAccount: Type.Optional(Type.String()),
      outgoingTaxAccount: Type.Optional(Type.String()),
    }),
  ),
});

/** Pleo's ExportItemV3. */
export const ExportItemModel = Type.Object({
  _links: Type.Object({ api: Type.Optional(StringMap), web: Type.Optional(StringMap), mobile: Type.Optional(StringMap) }),
  accountingEntryId: Uuid('Pleo internal identifier of the export item (identifier of the expense).'),
  accountingEntryLines: Type.Array(Line),
  additionalInformation: Type.Object({
    reconciliationId: Type.String({ description: 'Identifier used to reconcile between Pleo and the accounting system (book ID).' }),
    attendees: Type.Optional(Nullable(Type.Array(Type.String()))),
  }),
  amount: Amounts,
  bookkeeping: Nullable(Type.Object({ method: Type.String({ description: 'none | journal | accounts_payable' }) })),
  companyId: Uuid(),
  date: DateTime('The date when the export item was book kept.'),
  files: Nullable(Type.Array(Type.Object({ size: Type.Integer(), type: Type.String(), url: Type.String() }))),
  note: Nullable(Type.String()),
  supplier: Nullable(
    Type.Object({ name: Nullable(Type.String()), country: Nullable(Type.String()), categoryCode: Nullable(Type.String()) }),
  ),
  type: Type.String({ description: 'One of the ExportItemTypeV3 values, e.g. card_purchase' }),
  user: Nullable(Type.Object({ id: Uuid(), name: Type.String(), code: Nullable(Type.String()) })),
  vendor: Type.Optional(
    Nullable(
      Type.Object({
        id: Uuid(),
        name: Type.String(),
        defaultCurrency: Type.String(),
        code: Type.Optional(Type.String()),
        country: Type.Optional(Type.String()),
        externalId: Type.Optional(Type.String()),
        registrationNumber: Type.Optional(Type.String()),
        taxRegistrationNumber: Type.Optional(Type.String()),
      }),
    ),
  ),
});
