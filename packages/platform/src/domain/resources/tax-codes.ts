import { paginate } from '../../db/paginate.ts';
import type { TaxCode, TaxCodeType } from '../../db/resources-schema.ts';
import { nowIso } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { bool, echo, flag, type PageRequest, timeOrderedId } from './common.ts';

/** Pleo's TaxCodeModel. */
export interface TaxCodeModel {
  id: string;
  companyId: string;
  code: string | null;
  name: string;
  rate: number;
  type: TaxCodeType;
  archived: boolean;
  ingoingTaxAccount: string | null;
  outgoingTaxAccount: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toTaxCodeModel(row: TaxCode): TaxCodeModel {
  return {
    id: row.id,
    companyId: row.company_id,
    code: row.code,
    name: row.name,
    rate: Number(row.rate),
    type: row.type,
    archived: bool(row.archived),
    ingoingTaxAccount: row.ingoing_tax_account,
    outgoingTaxAccount: row.outgoing_tax_account,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Pleo's TaxCodeCreateUpdateModel (companyId is checked by the caller). */
export interface TaxCodeInput {
  name: string;
  rate: number;
  type: TaxCodeType;
  archived: boolean;
  code?: string | null;
  ingoingTaxAccount?: string | null;
  outgoingTaxAccount?: string | null;
}

function validate(input: TaxCodeInput): void {
  if (!input.name?.trim()) throw invalid('name must not be empty');
  if (!(input.rate >= 0 && input.rate <= 1)) throw invalid('rate is a decimal between 0 and 1 (20 % is 0.20)');
}

async function codeTaken(db: Executor, companyId: string, code: string | null | undefined, exceptId?: string) {
  if (!code) return false;
  let q = db.selectFrom('tax_codes').select('id').where('company_id', '=', companyId).where('code', '=', code);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function createTaxCode(db: Executor, companyId: string, input: TaxCodeInput): Promise<TaxCodeModel> {
  validate(input);
  if (await codeTaken(db, companyId, input.code))
    throw conflict(`a tax code with code "${input.code}" already exists`, 'TAX_CODE_ALREADY_EXISTS');
  const at = nowIso();
  const row: TaxCode = {
    id: timeOrderedId(),
    company_id: companyId,
    code: input.code ?? null,
    name: input.name.trim(),
    rate: input.rate,
    type: input.type,
    archived: flag(input.archived),
    ingoing_tax_account: input.ingoingTaxAccount ?? null,
    outgoing_tax_account: input.outgoingTaxAccount ?? null,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('tax_codes').values(row).execute();
  return toTaxCodeModel(row);
}

async function mustGet(db: Executor, companyId: string, taxCodeId: string): Promise<TaxCode> {
  const row = await db
    .selectFrom('tax_codes')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', taxCodeId)
    .executeTakeFirst();
  if (!row) throw notFound(`tax code ${taxCodeId} not found`);
  return row;
}

export async function getTaxCode(db: Executor, companyId: string, taxCodeId: string): Promise<TaxCodeModel> {
  return toTaxCodeModel(await mustGet(db, companyId, taxCodeId));
}

/** PUT replaces the tax code's fields (Pleo's create/update model is the same). */
export async function updateTaxCode(db: Executor, companyId: string, taxCodeId: string, input: TaxCodeInput): Promise<TaxCodeModel> {
  await mustGet(db, companyId, taxCodeId);
  validate(input);
  if (await codeTaken(db, companyId, input.code, taxCodeId))
    throw conflict(`a tax code with code "${input.code}" already exists`, 'TAX_CODE_ALREADY_EXISTS');
  await db
    .updateTable('tax_codes')
    .set({
      code: input.code ?? null,
      name: input.name.trim(),
      rate: input.rate,
      type: input.type,
      archived: flag(input.archived),
      ingoing_tax_account: input.ingoingTaxAccount ?? null,
      outgoing_tax_account: input.outgoingTaxAccount ?? null,
      updated_at: nowIso(),
    })
    .where('company_id', '=', companyId)
    .where('id', '=', taxCodeId)
    .execute();
  return getTaxCode(db, companyId, taxCodeId);
}

/** A tax code that expenses use cannot be deleted (archive it instead). */
export async function deleteTaxCode(db: Executor, companyId: string, taxCodeId: string): Promise<void> {
  await mustGet(db, companyId, taxCodeId);
  const used = await db
    .selectFrom('expenses')
    .select('id')
    .where('company_id', '=', companyId)
    .where('tax_code_id', '=', taxCodeId)
    .executeTakeFirst();
  if (used) throw conflict('the tax code is used by accounting entries and cannot be deleted; archive it instead', 'TAX_CODE_IN_USE');
  await db.deleteFrom('tax_codes').where('company_id', '=', companyId).where('id', '=', taxCodeId).execute();
}

export interface TaxCodeSearch {
  archived?: boolean;
  taxCodeIds?: string[];
  type?: TaxCodeType;
}

export async function searchTaxCodes(db: Executor, companyId: string, filter: TaxCodeSearch, page: PageRequest) {
  let q = db.selectFrom('tax_codes').selectAll().where('company_id', '=', companyId);
  if (filter.archived !== undefined) q = q.where('archived', '=', flag(filter.archived));
  if (filter.taxCodeIds?.length) q = q.where('id', 'in', filter.taxCodeIds);
  if (filter.type) q = q.where('type', '=', filter.type);
  const result = await paginate(q, 'id', page, echo({ company_id: companyId }));
  return { data: result.data.map(toTaxCodeModel), pagination: result.pagination };
}
