import type { Expense, ExpenseExportStatus } from '../../db/resources-schema.ts';
import { nowIso, parseJson } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { compact, timeOrderedId } from './common.ts';

/**
 * Expenses (Pleo's accounting entries) and their export view, Pleo's ExportItemV3. Expenses are made by the
 * platform itself (seed, tests); the external API reads them only through export jobs and export items.
 */
export interface NewExpense {
  date: string;
  amount: number; // minor units in the wallet currency
  type?: string;
  currency?: string;
  supplierAmount?: number;
  supplierCurrency?: string;
  supplierName?: string | null;
  supplierCountry?: string | null;
  supplierCategoryCode?: string | null;
  note?: string | null;
  employeeId?: string | null;
  accountId?: string | null;
  taxCodeId?: string | null;
  vendorId?: string | null;
  tagIds?: string[];
  files?: Array<{ size: number; type: string; url: string }>;
  exportStatus?: ExpenseExportStatus;
}

function toRow(companyId: string, input: NewExpense, currency: string, at: string): Expense {
  const id = timeOrderedId();
  if (!Number.isInteger(input.amount)) throw invalid('amount is an integer number of minor units (cents)');
  return {
    id,
    company_id: companyId,
    line_id: timeOrderedId(),
    employee_id: input.employeeId ?? null,
    type: input.type ?? 'card_purchase',
    date: input.date,
    note: input.note ?? null,
    amount: input.amount,
    currency: input.currency ?? currency,
    supplier_amount: input.supplierAmount ?? input.amount,
    supplier_currency: input.supplierCurrency ?? input.currency ?? currency,
    supplier_name: input.supplierName ?? null,
    supplier_country: input.supplierCountry ?? null,
    supplier_category_code: input.supplierCategoryCode ?? null,
    account_id: input.accountId ?? null,
    tax_code_id: input.taxCodeId ?? null,
    vendor_id: input.vendorId ?? null,
    tag_ids: JSON.stringify(input.tagIds ?? []),
    reconciliation_id: `PL${id.replaceAll('-', '').slice(0, 10).toUpperCase()}`, // Pleo's "book ID"
    files: JSON.stringify(input.files ?? []),
    export_status: input.exportStatus ?? 'ready',
    export_job_id: null,
    exported_at: null,
    external_id: null,
    external_url: null,
    created_at: at,
    updated_at: at,
  };
}

/** Inserts expenses for a company in one statement; returns their ids in order. */
export async function createExpenses(db: Executor, companyId: string, inputs: NewExpense[]): Promise<string[]> {
  if (!inputs.length) return [];
  const company = await db.selectFrom('companies').select('currency').where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound(`company ${companyId} not found`);
  const at = nowIso();
  const rows = inputs.map((input) => toRow(companyId, input, company.currency, at));
  await db.insertInto('expenses').values(rows).execute();
  return rows.map((r) => r.id);
}

export async function createExpense(db: Executor, companyId: string, input: NewExpense): Promise<string> {
  const [id] = await createExpenses(db, companyId, [input]);
  return id as string;
}

interface Money {
  currency: string;
  value: number;
}
interface Amounts {
  inSupplierCurrency: Money;
  inWalletCurrency: Money;
}

/** Pleo's ExportItemV3 (one accounting entry line per expense). */
export interface ExportItemModel {
  _links: { api?: Record<string, string>; web?: Record<string, string>; mobile?: Record<string, string> };
  accountingEntryId: string;
  accountingEntryLines: Array<{
    accountingEntryLineId: string;
    account: { id: string; name: string; code: string | null; identifier: string | null } | null;
    lineAmount: Amounts;
    netAmount: Amounts;
    tags: Array<{ id: string; code: string; groupCode: string }>;
    tax: {
      id: string;
      code: string | null;
      rate: number;
      type: string;
      amount: Amounts;
      ingoingTaxAccount?: string;
      outgoingTaxAccount?: string;
    } | null;
  }>;
  additionalInformation: { reconciliationId: string; attendees?: string[] | null };
  amount: Amounts;
  bookkeeping: { method: 'none' | 'journal' | 'accounts_payable' };
  companyId: string;
  date: string;
  files: Array<{ size: number; type: string; url: string }>;
  note: string | null;
  supplier: { name: string | null; country: string | null; categoryCode: string | null } | null;
  type: string;
  user: { id: string; name: string; code: string | null } | null;
  vendor?: {
    id: string;
    name: string;
    defaultCurrency: string;
    code?: string;
    country?: string;
    externalId?: string;
    registrationNumber?: string;
    taxRegistrationNumber?: string;
  } | null;
}

/** Tax inside a gross amount: inclusive/exclusive codes carry it in the paid amount; reverse charge adds it on top. */
export function taxOf(gross: number, rate: number, type: string): { tax: number; net: number } {
  if (type === 'reverse') return { tax: Math.round(gross * rate), net: gross };
  const tax = Math.round((gross * rate) / (1 + rate));
  return { tax, net: gross - tax };
}

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const uniq = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => !!v))];

/** Builds export items for expenses, loading the referenced accounts, tax codes, vendors, employees and tags in one query each. */
export async function toExportItems(db: Executor, companyId: string, expenses: Expense[], publicUrl: string): Promise<ExportItemModel[]> {
  if (!expenses.length) return [];
  const tagIds = uniq(expenses.flatMap((e) => parseJson<string[]>(e.tag_ids, [])));
  const accountIds = uniq(expenses.map((e) => e.account_id));
  const taxCodeIds = uniq(expenses.map((e) => e.tax_code_id));
  const vendorIds = uniq(expenses.map((e) => e.vendor_id));
  const employeeIds = uniq(expenses.map((e) => e.employee_id));
  const [accounts, taxCodes, vendors, employees, tags] = await Promise.all([
    accountIds.length
      ? db.selectFrom('accounts').selectAll().where('company_id', '=', companyId).where('id', 'in', accountIds).execute()
      : [],
    taxCodeIds.length
      ? db.selectFrom('tax_codes').selectAll().where('company_id', '=', companyId).where('id', 'in', taxCodeIds).execute()
      : [],
    vendorIds.length ? db.selectFrom('vendors').selectAll().where('company_id', '=', companyId).where('id', 'in', vendorIds).execute() : [],
    employeeIds.length
      ? db.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('id', 'in', employeeIds).execute()
      : [],
    tagIds.length
      ? db
          .selectFrom('tags')
          .innerJoin('tag_groups', 'tag_groups.id', 'tags.group_id')
          .select(['tags.id as id', 'tags.code as code', 'tag_groups.code as groupCode'])
          .where('tags.company_id', '=', companyId)
          .where('tags.id', 'in', tagIds)
          .execute()
      : [],
  ]);
  const accountMap = byId(accounts);
  const taxMap = byId(taxCodes);
  const vendorMap = byId(vendors);
  const employeeMap = byId(employees);
  const tagMap = byId(tags);

  return expenses.map((e) => {
    const money = (wallet: number, supplier: number): Amounts => ({
      inSupplierCurrency: { currency: e.supplier_currency, value: supplier },
      inWalletCurrency: { currency: e.currency, value: wallet },
    });
    const account = e.account_id ? accountMap.get(e.account_id) : undefined;
    const taxCode = e.tax_code_id ? taxMap.get(e.tax_code_id) : undefined;
    const vendor = e.vendor_id ? vendorMap.get(e.vendor_id) : undefined;
    const employee = e.employee_id ? employeeMap.get(e.employee_id) : undefined;
    const walletTax = taxCode ? taxOf(e.amount, Number(taxCode.rate), taxCode.type) : { tax: 0, net: e.amount };
    const supplierTax = taxCode ? taxOf(e.supplier_amount, Number(taxCode.rate), taxCode.type) : { tax: 0, net: e.supplier_amount };
    const lineTags = parseJson<string[]>(e.tag_ids, [])
      .map((id) => tagMap.get(id))
      .filter((t): t is NonNullable<typeof t> => !!t)
      .map((t) => ({ id: t.id, code: t.code, groupCode: t.groupCode }));
    return {
      _links: { api: { exportItem: `${publicUrl}/v3/export-items/${e.id}` } },
      accountingEntryId: e.id,
      accountingEntryLines: [
        {
          accountingEntryLineId: e.line_id,
          account: account ? { id: account.id, name: account.name, code: account.code, identifier: account.external_id } : null,
          lineAmount: money(e.amount, e.supplier_amount),
          netAmount: money(walletTax.net, supplierTax.net),
          tags: lineTags,
          tax: taxCode
            ? compact({
                id: taxCode.id,
                code: taxCode.code,
                rate: Number(taxCode.rate),
                type: taxCode.type,
                amount: money(walletTax.tax, supplierTax.tax),
                ingoingTaxAccount: taxCode.ingoing_tax_account ?? undefined,
                outgoingTaxAccount: taxCode.outgoing_tax_account ?? undefined,
              })
            : null,
        },
      ],
      additionalInformation: { reconciliationId: e.reconciliation_id },
      amount: money(e.amount, e.supplier_amount),
      bookkeeping: { method: vendor ? 'accounts_payable' : 'none' },
      companyId: e.company_id,
      date: e.date,
      files: parseJson(e.files, []),
      note: e.note,
      supplier: { name: e.supplier_name, country: e.supplier_country, categoryCode: e.supplier_category_code },
      type: e.type,
      user: employee ? { id: employee.id, name: `${employee.first_name} ${employee.last_name}`, code: employee.code } : null,
      vendor: vendor
        ? compact({
            id: vendor.id,
            name: vendor.name,
            defaultCurrency: vendor.default_currency,
            code: vendor.code ?? undefined,
            country: vendor.country ?? undefined,
            externalId: vendor.external_id ?? undefined,
            registrationNumber: vendor.registration_number ?? undefined,
            taxRegistrationNumber: vendor.tax_registration_number ?? undefined,
          })
        : null,
    };
  });
}
