import { paginate } from '../../db/paginate.ts';
import type { Account } from '../../db/resources-schema.ts';
import { nowIso, parseJson } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { bool, compact, contains, echo, flag, isUniqueViolation, type PageRequest, timeOrderedId } from './common.ts';

/** Pleo's BookkeepingAccountRestModelV1. */
export interface AccountModel {
  id: string;
  companyId: string;
  externalId: string;
  code: string | null;
  name: string;
  archived: boolean;
  taxCodeExternalId: string | null;
  metadata?: Record<string, unknown> | null;
}

export function toAccountModel(row: Account): AccountModel {
  return compact({
    id: row.id,
    companyId: row.company_id,
    externalId: row.external_id,
    code: row.code,
    name: row.name,
    archived: bool(row.archived),
    taxCodeExternalId: row.tax_code_external_id,
    metadata: row.metadata === null ? undefined : parseJson<Record<string, unknown>>(row.metadata, {}),
  });
}

export interface AccountInput {
  externalId: string;
  name: string;
  archived: boolean;
  code?: string | null;
  taxCodeExternalId?: string | null;
  metadata?: Record<string, unknown> | null;
}

const LIMIT = 255;

/** Validation beyond the schema (which shapes the request); returns the reasons Pleo's batch endpoint names. */
export function accountProblems(input: Partial<AccountInput>): string[] {
  const reasons: string[] = [];
  const externalId = input.externalId?.trim() ?? '';
  if (!externalId) reasons.push('EXTERNAL_ID_EMPTY');
  else if (externalId.length > LIMIT) reasons.push('EXTERNAL_ID_TOO_LONG');
  if (!input.name?.trim()) reasons.push('NAME_EMPTY');
  else if (input.name.length > LIMIT) reasons.push('NAME_TOO_LONG');
  if (input.code && input.code.length > LIMIT) reasons.push('CODE_TOO_LONG');
  return reasons;
}

const REASON_TEXT: Record<string, string> = {
  EXTERNAL_ID_EMPTY: 'externalId must not be empty',
  EXTERNAL_ID_TOO_LONG: 'externalId must be at most 255 characters',
  NAME_EMPTY: 'name must not be empty',
  NAME_TOO_LONG: 'name must be at most 255 characters',
  CODE_TOO_LONG: 'code must be at most 255 characters',
};

function assertValid(input: Partial<AccountInput>): void {
  const reasons = accountProblems(input);
  if (reasons.length) throw invalid(reasons.map((r) => REASON_TEXT[r]).join('; '));
}

async function findByExternalId(db: Executor, companyId: string, externalId: string) {
  return db.selectFrom('accounts').selectAll().where('company_id', '=', companyId).where('external_id', '=', externalId).executeTakeFirst();
}

const sameAccount = (row: Account, input: AccountInput) =>
  row.name === input.name.trim() &&
  bool(row.archived) === input.archived &&
  (row.code ?? null) === (input.code ?? null) &&
  (row.tax_code_external_id ?? null) === (input.taxCodeExternalId ?? null);

/**
 * Creates an account. Pleo's contract: an identical request for an existing `externalId` returns the existing
 * account (`created: false`, HTTP 200); a different one with the same `externalId` is a conflict (409).
 */
export async function createAccount(
  db: Executor,
  companyId: string,
  input: AccountInput,
): Promise<{ account: AccountModel; created: boolean }> {
  assertValid(input);
  const externalId = input.externalId.trim();
  const existing = await findByExternalId(db, companyId, externalId);
  if (existing) {
    if (sameAccount(existing, input)) return { account: toAccountModel(existing), created: false };
    throw conflict(`an account with externalId "${externalId}" already exists`, 'EXTERNAL_ID_ALREADY_EXISTS');
  }
  const at = nowIso();
  const row: Account = {
    id: timeOrderedId(),
    company_id: companyId,
    external_id: externalId,
    code: input.code ?? null,
    name: input.name.trim(),
    archived: flag(input.archived),
    tax_code_external_id: input.taxCodeExternalId ?? null,
    metadata: input.metadata == null ? null : JSON.stringify(input.metadata),
    created_at: at,
    updated_at: at,
  };
  try {
    await db.insertInto('accounts').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`an account with externalId "${externalId}" already exists`, 'EXTERNAL_ID_ALREADY_EXISTS');
    throw err;
  }
  return { account: toAccountModel(row), created: true };
}

/** `POST /v1/chart-of-accounts/batch`: valid items are created, the others come back with their reasons. */
export async function createAccountsBatch(db: Executor, companyId: string, items: AccountInput[]) {
  const created: AccountModel[] = [];
  const failed: Array<{ reasons: string[]; request: AccountInput }> = [];
  const seen = new Set<string>();
  for (const item of items) {
    const reasons = accountProblems(item);
    const externalId = item.externalId?.trim();
    if (!reasons.length && (seen.has(externalId) || (await findByExternalId(db, companyId, externalId))))
      reasons.push('EXTERNAL_ID_ALREADY_EXISTS');
    if (reasons.length) {
      failed.push({ reasons, request: item });
      continue;
    }
    seen.add(externalId);
    try {
      created.push((await createAccount(db, companyId, item)).account);
    } catch {
      failed.push({ reasons: ['OTHER'], request: item });
    }
  }
  return { created, failed };
}

async function mustGet(db: Executor, companyId: string, accountId: string): Promise<Account> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound(`account ${accountId} not found`);
  return row;
}

export async function getAccount(db: Executor, companyId: string, accountId: string): Promise<AccountModel> {
  return toAccountModel(await mustGet(db, companyId, accountId));
}

export type AccountUpdate = Omit<AccountInput, 'externalId'>;

export async function updateAccount(db: Executor, companyId: string, accountId: string, input: AccountUpdate): Promise<AccountModel> {
  await mustGet(db, companyId, accountId);
  if (!input.name?.trim()) throw invalid('name must not be empty');
  const patch = {
    name: input.name.trim(),
    archived: flag(input.archived),
    code: input.code === undefined ? undefined : input.code,
    tax_code_external_id: input.taxCodeExternalId === undefined ? undefined : input.taxCodeExternalId,
    metadata: input.metadata === undefined ? undefined : input.metadata === null ? null : JSON.stringify(input.metadata),
    updated_at: nowIso(),
  };
  await db.updateTable('accounts').set(compact(patch)).where('company_id', '=', companyId).where('id', '=', accountId).execute();
  return getAccount(db, companyId, accountId);
}

/** Only an account no expense uses can be deleted; a used one can be archived (PUT archived: true). */
export async function deleteAccount(db: Executor, companyId: string, accountId: string): Promise<void> {
  await mustGet(db, companyId, accountId);
  const used = await db
    .selectFrom('expenses')
    .select('id')
    .where('company_id', '=', companyId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (used) throw conflict('the account is linked to accounting entries and cannot be deleted; archive it instead', 'ACCOUNT_IN_USE');
  await db.deleteFrom('accounts').where('company_id', '=', companyId).where('id', '=', accountId).execute();
}

export interface AccountSearch {
  archived?: boolean | null;
  code?: string | null;
  codes?: string[] | null;
  externalId?: string | null;
  ids?: string[] | null;
  name?: string | null;
}

export async function searchAccounts(db: Executor, companyId: string, filter: AccountSearch, page: PageRequest) {
  let q = db.selectFrom('accounts').selectAll().where('company_id', '=', companyId);
  if (filter.archived != null) q = q.where('archived', '=', flag(filter.archived));
  if (filter.code) q = q.where('code', '=', filter.code);
  if (filter.codes?.length) q = q.where('code', 'in', filter.codes);
  if (filter.externalId) q = q.where('external_id', '=', filter.externalId);
  if (filter.ids?.length) q = q.where('id', 'in', filter.ids);
  if (filter.name) q = q.where(contains('name', filter.name));
  const result = await paginate(q, 'id', page, echo({ companyId }));
  return { data: result.data.map(toAccountModel), pagination: result.pagination };
}
