import { paginate } from '../../db/paginate.ts';
import type { Vendor, VendorState } from '../../db/resources-schema.ts';
import { nowIso } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { publishEvent } from '../webhooks.ts';
import { compact, contains, echo, inTransaction, isUniqueViolation, type PageRequest, timeOrderedId } from './common.ts';

/** Pleo's VendorResponse. */
export interface VendorModel {
  id: string;
  companyId: string;
  name: string;
  defaultCurrency: string;
  state: VendorState;
  code?: string;
  externalId?: string;
  country?: string;
  registrationNumber?: string;
  taxRegistrationNumber?: string;
  createdAt: string;
  updatedAt: string;
}

export const toVendorModel = (row: Vendor): VendorModel =>
  compact({
    id: row.id,
    companyId: row.company_id,
    name: row.name,
    defaultCurrency: row.default_currency,
    state: row.state,
    code: row.code ?? undefined,
    externalId: row.external_id ?? undefined,
    country: row.country ?? undefined,
    registrationNumber: row.registration_number ?? undefined,
    taxRegistrationNumber: row.tax_registration_number ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

export interface VendorInput {
  name: string;
  defaultCurrency: string;
  code?: string | null;
  externalId?: string | null;
  country?: string | null;
  registrationNumber?: string | null;
  taxRegistrationNumber?: string | null;
}

function validate(input: VendorInput): void {
  if (!input.name?.trim()) throw invalid('name must not be empty');
  if (!/^[A-Z]{3}$/.test(input.defaultCurrency ?? ''))
    throw invalid('defaultCurrency must be an ISO 4217 code of 3 capital letters, e.g. DKK');
}

const duplicate = (externalId: string | null | undefined) =>
  conflict(`a vendor with externalId "${externalId}" already exists`, 'VENDOR_ALREADY_EXISTS');

/**
 * A vendor created with an `externalId` exists in the ERP already (ACTIVE); without one it is a DRAFT for the ERP to
 * create. Its `v1.vendor.created` event is written in the same transaction (callers notify the outbox).
 */
export async function createVendor(db: Executor, companyId: string, input: VendorInput): Promise<VendorModel> {
  validate(input);
  const at = nowIso();
  const externalId = input.externalId?.trim() || null;
  const row: Vendor = {
    id: timeOrderedId(),
    company_id: companyId,
    name: input.name.trim(),
    code: input.code ?? null,
    external_id: externalId,
    country: input.country ?? null,
    default_currency: input.defaultCurrency,
    registration_number: input.registrationNumber ?? null,
    tax_registration_number: input.taxRegistrationNumber ?? null,
    state: externalId ? 'ACTIVE' : 'DRAFT',
    created_at: at,
    updated_at: at,
  };
  const model = toVendorModel(row);
  await inTransaction(db, async (trx) => {
    try {
      await trx.insertInto('vendors').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate(externalId);
      throw err;
    }
    await publishEvent(trx, companyId, 'v1.vendor.created', model);
  });
  return model;
}

async function mustGet(db: Executor, companyId: string, vendorId: string): Promise<Vendor> {
  const row = await db.selectFrom('vendors').selectAll().where('company_id', '=', companyId).where('id', '=', vendorId).executeTakeFirst();
  if (!row) throw notFound(`vendor ${vendorId} not found`);
  return row;
}

export async function getVendor(db: Executor, companyId: string, vendorId: string): Promise<VendorModel> {
  return toVendorModel(await mustGet(db, companyId, vendorId));
}

export interface VendorUpdate extends VendorInput {
  externalId: string;
  state: VendorState;
}

export async function updateVendor(db: Executor, companyId: string, vendorId: string, input: VendorUpdate): Promise<VendorModel> {
  await mustGet(db, companyId, vendorId);
  validate(input);
  const externalId = input.externalId?.trim();
  if (!externalId) throw invalid('externalId must not be empty');
  try {
    await db
      .updateTable('vendors')
      .set({
        name: input.name.trim(),
        code: input.code ?? null,
        external_id: externalId,
        country: input.country ?? null,
        default_currency: input.defaultCurrency,
        registration_number: input.registrationNumber ?? null,
        tax_registration_number: input.taxRegistrationNumber ?? null,
        state: input.state,
        updated_at: nowIso(),
      })
      .where('company_id', '=', companyId)
      .where('id', '=', vendorId)
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(externalId);
    throw err;
  }
  return getVendor(db, companyId, vendorId);
}

export async function archiveVendor(db: Executor, companyId: string, vendorId: string): Promise<void> {
  await mustGet(db, companyId, vendorId);
  await db
    .updateTable('vendors')
    .set({ state: 'ARCHIVED', updated_at: nowIso() })
    .where('company_id', '=', companyId)
    .where('id', '=', vendorId)
    .execute();
}

/** The ERP acknowledges it created the vendor: it becomes ACTIVE with the ERP's identifiers. */
export async function activateVendor(
  db: Executor,
  companyId: string,
  vendorId: string,
  input: { externalId: string; code?: string },
): Promise<void> {
  await mustGet(db, companyId, vendorId);
  const externalId = input.externalId?.trim();
  if (!externalId) throw invalid('externalId must not be empty');
  try {
    await db
      .updateTable('vendors')
      .set({ state: 'ACTIVE', external_id: externalId, ...(input.code !== undefined ? { code: input.code } : {}), updated_at: nowIso() })
      .where('company_id', '=', companyId)
      .where('id', '=', vendorId)
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(externalId);
    throw err;
  }
}

export interface VendorSearch {
  codes?: string[];
  countries?: string[];
  externalIds?: string[];
  ids?: string[];
  name?: string;
  states?: VendorState[];
  taxRegistrationNumbers?: string[];
}

export async function searchVendors(db: Executor, companyId: string, filter: VendorSearch, page: PageRequest) {
  let q = db.selectFrom('vendors').selectAll().where('company_id', '=', companyId);
  if (filter.codes?.length) q = q.where('code', 'in', filter.codes);
  if (filter.countries?.length) q = q.where('country', 'in', filter.countries);
  if (filter.externalIds?.length) q = q.where('external_id', 'in', filter.externalIds);
  if (filter.ids?.length) q = q.where('id', 'in', filter.ids);
  if (filter.name) q = q.where(contains('name', filter.name));
  if (filter.states?.length) q = q.where('state', 'in', filter.states);
  if (filter.taxRegistrationNumbers?.length) q = q.where('tax_registration_number', 'in', filter.taxRegistrationNumbers);
  const result = await paginate(q, 'id', page, echo({ company_id: companyId }));
  return { data: result.data.map(toVendorModel), pagination: result.pagination };
}
