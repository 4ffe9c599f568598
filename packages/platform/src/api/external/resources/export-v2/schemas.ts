import { Type } from 'typebox';
import { MAX_ITEMS_PER_UPDATE } from '../../../../domain/resources/export-jobs.ts';
import { Nullable, StringEnum, Uuid } from '../common.ts';
import { ExportItemModel } from '../export-items/schemas.ts';
import {
  CreateExportJobRequest,
  EXPORT_JOB_ITEM_FAILURE_REASONS,
  EXPORT_JOB_ITEM_STATUSES,
  EXPORT_JOB_STATUSES,
  ExportJobItemModel,
  UpdateExportJobItem,
} from '../export-jobs/schemas.ts';

/**
 * Export API v2 shapes (export.yaml). Jobs, job items and events are the v3 ones; what differs is named here:
 * v2 item failure reasons lack the four `*_unknown` values, CreateExportJob requires `accountingEntryIds`,
 * the update errors' `type` is an enum, and ExportItemV2 has no tax accounts.
 */

/** v2's item failure reasons: v3's without the four `*_unknown` ones. */
export const EXPORT_JOB_ITEM_FAILURE_REASONS_V2 = EXPORT_JOB_ITEM_FAILURE_REASONS.filter((r) => !r.endsWith('_unknown'));
export const EXPORT_ITEM_TYPES_V2 = [
  'card_purchase',
  'card_invoice',
  'out_of_pocket',
  'mileage',
  'per_diem',
  'external_reimbursement',
  'direct_reimbursement',
  'invoice',
  'invoice_payment',
  'chargeback',
  'refund',
  'cashback',
  'atm_withdrawal',
  'wallet_topup',
  'wallet_unload',
  'personal_spend',
  'fee',
] as const;

/** An enum in the OpenAPI document for values the platform writes (typed as the domain's plain string). */
const OutputEnum = (values: readonly string[]) => Type.Unsafe<string>({ type: 'string', enum: [...values] });

/** CreateExportJob, as v2 requires it: `accountingEntryIds` present (empty = every entry ready to export). */
export const CreateExportJobV2 = Type.Object({
  ...CreateExportJobRequest.properties,
  accountingEntryIds: Type.Array(Uuid(), {
    maxItems: 10_000,
    description: 'The IDs of accounting entries to include in the export job; empty = every entry of the company ready to export.',
  }),
});

/** UpdateExportJobItem (v2) */
export const UpdateExportJobItemV2 = Type.Object({
  ...UpdateExportJobItem.properties,
  failureReasonType: Type.Optional(StringEnum(EXPORT_JOB_ITEM_FAILURE_REASONS_V2)),
});

/** ExportJobItemUpdate (v2) */
export const ExportJobItemUpdateV2 = Type.Object({
  data: Type.Array(ExportJobItemModel),
  errors: Type.Array(
    Type.Object({
      accountingEntryId: Uuid(),
      message: Type.String(),
      type: OutputEnum(['ACCOUNTING_ENTRY_DOES_NOT_EXIST', 'EXPORT_ENTRY_STATUS_UPDATE_FAILED', 'ACCOUNTING_ENTRY_UPDATE_FAILED']),
    }),
  ),
});

const Money = Type.Object({ currency: Type.String(), value: Type.Number() });
const Amounts = Type.Object({ inSupplierCurrency: Money, inWalletCurrency: Money });
const v3Line = ExportItemModel.properties.accountingEntryLines.items;

/** ExportItemV2: ExportItemV3 without tax accounts, with the v2 type enum. */
export const ExportItemV2 = Type.Object({
  ...ExportItemModel.properties,
  accountingEntryLines: Type.Array(
    Type.Object({
      ...v3Line.properties,
      tax: Nullable(
        Type.Object({
          id: Uuid('This is the Pleo internal identifier of the tax code.'),
          code: Nullable(Type.String()),
          rate: Type.Number({ description: 'Decimal: 20 % is 0.20' }),
          type: OutputEnum(['inclusive', 'exclusive', 'reverse']),
          amount: Amounts,
        }),
      ),
    }),
  ),
  type: OutputEnum(EXPORT_ITEM_TYPES_V2),
});

export const ExportJobStatusesQuery = {
  status: Type.Optional(
    StringEnum(EXPORT_JOB_STATUSES, { deprecated: true, description: 'Deprecated: use statuses. Jobs in this status.' }),
  ),
  statuses: Type.Optional(
    Type.Array(StringEnum(EXPORT_JOB_STATUSES), { maxItems: EXPORT_JOB_STATUSES.length * 2, description: 'Jobs in these statuses.' }),
  ),
};
export const ItemStatusQuery = { status: Type.Optional(StringEnum(EXPORT_JOB_ITEM_STATUSES)) };
export const UpdateItemsBodyV2 = Type.Array(UpdateExportJobItemV2, { description: `At most ${MAX_ITEMS_PER_UPDATE} items per request.` });
