import type { Insertable, Selectable } from 'kysely';

/**
 * Accounting resources served by the external API (employees, chart of accounts, tax codes, tags,
 * vendors, expenses, export jobs and their items). Owned by the resources migration (002).
 * Same conventions as the core tables: text UUID ids made by the app, ISO-8601 text timestamps,
 * JSON as text, booleans as integer 0/1 (portable across SQLite and PostgreSQL), every row has company_id.
 */
export interface EmployeesTable {
  id: string;
  company_id: string;
  /** The platform login of this employee, when they have one. */
  user_id: string | null;
  email: string;
  first_name: string;
  last_name: string;
  code: string | null; // external id in the customer's HR/ERP system
  job_title: string | null;
  phone: string | null;
  created_at: string;
  updated_at: string;
}

/** Chart of accounts (Pleo's bookkeeping accounts). */
export interface AccountsTable {
  id: string;
  company_id: string;
  external_id: string;
  code: string | null;
  name: string;
  archived: number; // 0 | 1
  tax_code_external_id: string | null;
  metadata: string | null; // JSON object
  created_at: string;
  updated_at: string;
}

export type TaxCodeType = 'inclusive' | 'exclusive' | 'reverse';

export interface TaxCodesTable {
  id: string;
  company_id: string;
  code: string | null;
  name: string;
  rate: number; // decimal: 0.25 = 25 %
  type: TaxCodeType;
  archived: number;
  ingoing_tax_account: string | null;
  outgoing_tax_account: string | null;
  created_at: string;
  updated_at: string;
}

export interface TagGroupsTable {
  id: string;
  company_id: string;
  code: string;
  name: string;
  archived: number;
  metadata: string; // JSON Record<string, string>
  created_at: string;
  updated_at: string;
}

export interface TagsTable {
  id: string;
  company_id: string;
  group_id: string;
  code: string;
  name: string | null;
  archived: number;
  created_at: string;
  updated_at: string;
}

/** An ERP dimension of a tag group (migration 004). */
export interface TagGroupDimensionsTable {
  id: string;
  company_id: string;
  group_id: string;
  code: string;
  name: string;
  display_order: number;
  visible: number; // 0 | 1
  created_at: string;
  updated_at: string;
}

/** A tag's value for one dimension of its group (migration 004); the key is (tag_id, dimension_id). */
export interface TagDimensionValuesTable {
  company_id: string;
  tag_id: string;
  dimension_id: string;
  value: string;
  created_at: string;
  updated_at: string;
}

export type VendorState = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

export interface VendorsTable {
  id: string;
  company_id: string;
  name: string;
  code: string | null;
  external_id: string | null;
  country: string | null;
  default_currency: string;
  registration_number: string | null;
  tax_registration_number: string | null;
  state: VendorState;
  created_at: string;
  updated_at: string;
}

/** Where an expense stands on its way to the customer's books. */
export type ExpenseExportStatus = 'not_ready' | 'ready' | 'queued' | 'exported';

/** An expense (Pleo's accounting entry), one line; amounts in minor units (cents). */
export interface ExpensesTable {
  id: string;
  company_id: string;
  line_id: string;
  employee_id: string | null;
  type: string; // ExportItemTypeV3: card_purchase, out_of_pocket, …
  date: string;
  note: string | null;
  amount: number; // in the wallet (company) currency
  currency: string;
  supplier_amount: number;
  supplier_currency: string;
  supplier_name: string | null;
  supplier_country: string | null;
  supplier_category_code: string | null;
  account_id: string | null;
  tax_code_id: string | null;
  vendor_id: string | null;
  tag_ids: string; // JSON string[]
  reconciliation_id: string;
  files: string; // JSON {size, type, url}[]
  export_status: ExpenseExportStatus;
  export_job_id: string | null; // the job that holds (or last held) it
  exported_at: string | null;
  external_id: string | null;
  external_url: string | null;
  created_at: string;
  updated_at: string;
}

export type ExportJobStatus = 'pending' | 'in_progress' | 'failed' | 'completed' | 'completed_with_errors';

export interface ExportJobsTable {
  id: string;
  company_id: string;
  status: ExportJobStatus;
  is_interactive: number;
  vendor_based_bookkeeping: number;
  number_of_items: number;
  created_by: string | null; // employee id
  failure_reason: string | null;
  failure_reason_type: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  expired_at: string | null;
  last_updated_at: string;
}

export type ExportJobItemStatus = 'pending' | 'in_progress' | 'failed' | 'successful' | 'abandoned';

export interface ExportJobItemsTable {
  id: string;
  company_id: string;
  job_id: string;
  expense_id: string; // accountingEntryId
  status: ExportJobItemStatus;
  exported_at: string | null;
  external_id: string | null;
  external_url: string | null;
  failure_reason: string | null;
  failure_reason_type: string | null;
  created_at: string;
  updated_at: string;
}

export type CsvImportJobStatus = 'UPLOAD_INITIATED' | 'UPLOADED' | 'READY_FOR_IMPORT' | 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** A vendor CSV import job (migration 006); `next_row` counts the data rows already committed. */
export interface CsvImportJobsTable {
  id: string;
  company_id: string;
  type: string;
  original_filename: string;
  status: CsvImportJobStatus;
  csv_format: string | null; // JSON CsvFormatV1
  metadata: string; // JSON object
  column_names: string | null; // JSON string[]
  error_code: string | null;
  error_message: string | null;
  rows_total: number | null;
  rows_succeeded: number;
  rows_failed: number;
  rows_skipped: number;
  s3_key: string | null;
  upload_token_digest: string | null; // SHA-256 of the upload URL's token; null once used
  upload_expires_at: string | null;
  next_row: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The file uploaded for an import job (migration 006). */
export interface CsvImportFilesTable {
  job_id: string;
  company_id: string;
  content: string;
  size: number;
  content_type: string;
  uploaded_at: string;
}

/** One row an import could not take (migration 006). */
export interface CsvImportRowErrorsTable {
  id: string;
  company_id: string;
  job_id: string;
  row_number: number;
  error_code: string;
  error_message: string;
  raw_data: string; // JSON string[] of the row's values
  created_at: string;
}

export interface ResourceTables {
  employees: EmployeesTable;
  accounts: AccountsTable;
  tax_codes: TaxCodesTable;
  tag_groups: TagGroupsTable;
  tags: TagsTable;
  tag_group_dimensions: TagGroupDimensionsTable;
  tag_dimension_values: TagDimensionValuesTable;
  vendors: VendorsTable;
  expenses: ExpensesTable;
  export_jobs: ExportJobsTable;
  export_job_items: ExportJobItemsTable;
  csv_import_jobs: CsvImportJobsTable;
  csv_import_files: CsvImportFilesTable;
  csv_import_row_errors: CsvImportRowErrorsTable;
}

export type Employee = Selectable<EmployeesTable>;
export type Account = Selectable<AccountsTable>;
export type TaxCode = Selectable<TaxCodesTable>;
export type TagGroup = Selectable<TagGroupsTable>;
export type Tag = Selectable<TagsTable>;
export type TagGroupDimension = Selectable<TagGroupDimensionsTable>;
export type TagDimensionValue = Selectable<TagDimensionValuesTable>;
export type Vendor = Selectable<VendorsTable>;
export type Expense = Selectable<ExpensesTable>;
export type NewExpense = Insertable<ExpensesTable>;
export type ExportJob = Selectable<ExportJobsTable>;
export type ExportJobItem = Selectable<ExportJobItemsTable>;
export type CsvImportJob = Selectable<CsvImportJobsTable>;
export type CsvImportRowError = Selectable<CsvImportRowErrorsTable>;
