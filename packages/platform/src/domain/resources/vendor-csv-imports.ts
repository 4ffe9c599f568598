import { createHash, randomBytes } from 'node:crypto';
import { paginate } from '../../db/paginate.ts';
import type { CsvImportJob, CsvImportJobStatus, CsvImportRowError, Vendor } from '../../db/resources-schema.ts';
import { nowIso, parseJson } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { DomainError, invalid, notFound } from '../errors.ts';
import { compact, echo, inTransaction, type PageRequest, timeOrderedId } from './common.ts';
import { type CsvFormat, CsvSyntaxError, guessCsvFormat, parseCsv } from './csv.ts';

/**
 * Vendor CSV import jobs (Pleo's `/v1/vendors/csv-import/jobs`). There is no object store: the "presigned URL" is
 * the platform's own upload endpoint, with a random token whose SHA-256 the job keeps, valid for
 * UPLOAD_URL_TTL_SECONDS and for one upload.
 *
 *   UPLOAD_INITIATED ──upload──▶ UPLOADED ──(status)──▶ READY_FOR_IMPORT
 *          UPLOADED | READY_FOR_IMPORT ──:run──▶ QUEUED ──runner──▶ PROCESSING ──▶ COMPLETED
 *   any state but COMPLETED ──(status FAILED, or a bad file)──▶ FAILED
 *
 * The runner (csv-import-runner.ts) leases a job, and commits each batch of rows (vendors, row errors,
 * counters, the `next_row` cursor) in one transaction guarded by its lease, so exactly one node imports a
 * job and a crash resumes after the last committed batch: no row is lost or imported twice.
 */

export const CSV_IMPORT_STATUSES = [
  'UPLOAD_INITIATED',
  'UPLOADED',
  'READY_FOR_IMPORT',
  'QUEUED',
  'PROCESSING',
  'COMPLETED',
  'FAILED',
] as const satisfies readonly CsvImportJobStatus[];
export const CSV_IMPORT_ERROR_TYPES = [
  'INVALID_FILE_FORMAT',
  'FILE_TOO_LARGE',
  'FILE_TOO_SMALL',
  'FILE_TYPE_NOT_SUPPORTED',
  'FILE_EXTENSION_NOT_SUPPORTED',
  'IMPORT_JOB_NOT_FOUND',
  'INVALID_STATUS_TRANSITION',
  'PROCESSING_FAILED',
] as const;
export type CsvImportErrorType = (typeof CSV_IMPORT_ERROR_TYPES)[number];
/** The job types this platform imports. */
export const CSV_IMPORT_TYPES = ['vendors'] as const;
/** Content types an upload may declare (a browser or an S3-style client sends one of these for a .csv). */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'];

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 50_000;
export const MAX_COLUMNS = 100;
export const UPLOAD_URL_TTL_SECONDS = 15 * 60;
const MAX_VALUE_LENGTH = 255;

/** The vendor fields a CSV column can fill. */
export const VENDOR_FIELDS = [
  'name',
  'externalId',
  'code',
  'defaultCurrency',
  'country',
  'registrationNumber',
  'taxRegistrationNumber',
] as const;
type VendorField = (typeof VENDOR_FIELDS)[number];
/** Column names recognised without a mapping, compared lower-case without spaces or punctuation. */
const HEADER_ALIASES: Record<string, VendorField> = {
  name: 'name',
  vendor: 'name',
  vendorname: 'name',
  supplier: 'name',
  suppliername: 'name',
  externalid: 'externalId',
  vendorid: 'externalId',
  supplierid: 'externalId',
  vendornumber: 'externalId',
  suppliernumber: 'externalId',
  code: 'code',
  vendorcode: 'code',
  accountcode: 'code',
  currency: 'defaultCurrency',
  defaultcurrency: 'defaultCurrency',
  country: 'country',
  countrycode: 'country',
  registrationnumber: 'registrationNumber',
  companynumber: 'registrationNumber',
  taxregistrationnumber: 'taxRegistrationNumber',
  vatnumber: 'taxRegistrationNumber',
  vatid: 'taxRegistrationNumber',
  vat: 'taxRegistrationNumber',
  taxid: 'taxRegistrationNumber',
};

/** Pleo's CsvImportJobV1. */
export interface CsvImportJobModel {
  id: string;
  companyId: string;
  type: string;
  status: CsvImportJobStatus;
  originalFilename?: string;
  csvFormat?: CsvFormat;
  metadata?: CsvImportMetadata;
  columnNames?: string[];
  errorCode?: string;
  errorMessage?: string;
  rowsTotal?: number;
  rowsSucceeded?: number;
  rowsFailed?: number;
  rowsSkipped?: number;
  s3Key?: string;
  createdAt: string;
  updatedAt: string;
}

export const toCsvImportJobModel = (row: CsvImportJob): CsvImportJobModel => {
  const started = row.rows_total !== null;
  return compact({
    id: row.id,
    companyId: row.company_id,
    type: row.type,
    status: row.status,
    originalFilename: row.original_filename,
    csvFormat: parseJson<CsvFormat | undefined>(row.csv_format, undefined),
    metadata: parseJson<CsvImportMetadata>(row.metadata, {}),
    columnNames: parseJson<string[] | undefined>(row.column_names, undefined),
    errorCode: row.error_code ?? undefined,
    errorMessage: row.error_message ?? undefined,
    rowsTotal: row.rows_total ?? undefined,
    rowsSucceeded: started ? Number(row.rows_succeeded) : undefined,
    rowsFailed: started ? Number(row.rows_failed) : undefined,
    rowsSkipped: started ? Number(row.rows_skipped) : undefined,
    s3Key: row.s3_key ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
};

/** Pleo's CsvRowImportErrorV1. */
export interface CsvRowImportErrorModel {
  id: string;
  csvImportJobId: string;
  rowNumber: number;
  errorCode: string;
  errorMessage: string;
  rawData: string;
  createdAt: string;
}

const toRowErrorModel = (row: CsvImportRowError): CsvRowImportErrorModel => ({
  id: row.id,
  csvImportJobId: row.job_id,
  rowNumber: Number(row.row_number),
  errorCode: row.error_code,
  errorMessage: row.error_message,
  rawData: row.raw_data,
  createdAt: row.created_at,
});

const jobNotFound = (jobId: string) => notFound(`CSV import job with ID ${jobId} not found`, 'IMPORT_JOB_NOT_FOUND');
const badTransition = (message: string) => new DomainError('conflict', message, 'INVALID_STATUS_TRANSITION');
const BEFORE_QUEUE: CsvImportJobStatus[] = ['UPLOAD_INITIATED', 'UPLOADED', 'READY_FOR_IMPORT'];
const RUNNABLE: CsvImportJobStatus[] = ['UPLOADED', 'READY_FOR_IMPORT'];

async function mustGetJob(db: Executor, companyId: string, jobId: string): Promise<CsvImportJob> {
  const row = await db
    .selectFrom('csv_import_jobs')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!row) throw jobNotFound(jobId);
  return row;
}

export type CsvImportMetadata = Record<string, object>;

/** Deepest nesting of a JSON value, walked without recursion (hostile input cannot overflow the stack). */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (d > max) max = d;
    if (d > 32) break;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/**
 * Metadata is the caller's, passed along with every row. Two keys mean something to the vendor import:
 * `columnMapping` ({"<column name>": "<vendor field>"}) and `defaults` ({"<vendor field>": "<value>"}, used
 * when a row has no value), e.g. `{"columnMapping": {"Konto": "externalId"}, "defaults": {"defaultCurrency": "EUR"}}`.
 */
function validateMetadata(metadata: CsvImportMetadata): void {
  if (depthOf(metadata) > 5) throw invalid('body.metadata is nested more than 5 levels deep');
  if (JSON.stringify(metadata).length > 16_384) throw invalid('body.metadata must be at most 16384 characters as JSON');
  const fields = VENDOR_FIELDS.join(', ');
  for (const [column, field] of Object.entries(metadata.columnMapping ?? {})) {
    if (typeof field !== 'string' || !(VENDOR_FIELDS as readonly string[]).includes(field))
      throw invalid(`body.metadata.columnMapping.${column} must be one of ${fields}`);
  }
  for (const [field, value] of Object.entries(metadata.defaults ?? {})) {
    if (!(VENDOR_FIELDS as readonly string[]).includes(field)) throw invalid(`body.metadata.defaults.${field} is not one of ${fields}`);
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH)
      throw invalid(`body.metadata.defaults.${field} must be a string of at most ${MAX_VALUE_LENGTH} characters`);
  }
}

export interface NewCsvImportJob {
  type: string;
  originalFilename: string;
  csvFormat?: CsvFormat;
  metadata?: CsvImportMetadata;
}

export async function createCsvImportJob(db: Executor, companyId: string, input: NewCsvImportJob): Promise<CsvImportJobModel> {
  if (!/\.csv$/i.test(input.originalFilename.trim()))
    throw invalid('body.originalFilename must end with .csv', 'FILE_EXTENSION_NOT_SUPPORTED');
  if (input.metadata) validateMetadata(input.metadata);
  const at = nowIso();
  const row: CsvImportJob = {
    id: timeOrderedId(),
    company_id: companyId,
    type: input.type,
    original_filename: input.originalFilename.trim(),
    status: 'UPLOAD_INITIATED',
    csv_format: input.csvFormat ? JSON.stringify(input.csvFormat) : null,
    metadata: JSON.stringify(input.metadata ?? {}),
    column_names: null,
    error_code: null,
    error_message: null,
    rows_total: null,
    rows_succeeded: 0,
    rows_failed: 0,
    rows_skipped: 0,
    s3_key: null,
    upload_token_digest: null,
    upload_expires_at: null,
    next_row: 0,
    lease_owner: null,
    lease_expires_at: null,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('csv_import_jobs').values(row).execute();
  return toCsvImportJobModel(row);
}

export async function getCsvImportJob(db: Executor, companyId: string, jobId: string): Promise<CsvImportJobModel> {
  return toCsvImportJobModel(await mustGetJob(db, companyId, jobId));
}

export interface CsvImportJobSearch {
  ids?: string[] | null;
  statuses?: CsvImportJobStatus[] | null;
  types?: string[] | null;
}

export async function searchCsvImportJobs(db: Executor, companyId: string, search: CsvImportJobSearch, page: PageRequest) {
  let q = db.selectFrom('csv_import_jobs').selectAll().where('company_id', '=', companyId);
  if (search.ids?.length) q = q.where('id', 'in', search.ids);
  if (search.statuses?.length) q = q.where('status', 'in', search.statuses);
  if (search.types?.length) q = q.where('type', 'in', search.types);
  const result = await paginate(q, 'id', page, echo({ company_id: companyId }));
  return { data: result.data.map(toCsvImportJobModel), pagination: result.pagination };
}

export async function listCsvImportErrors(db: Executor, companyId: string, jobId: string, page: PageRequest) {
  await mustGetJob(db, companyId, jobId);
  const q = db.selectFrom('csv_import_row_errors').selectAll().where('company_id', '=', companyId).where('job_id', '=', jobId);
  const result = await paginate(q, 'id', page, echo({ jobId }));
  return { data: result.data.map(toRowErrorModel), pagination: result.pagination };
}

/** REPLACE swaps the metadata; MERGE adds or overwrites its top-level keys. Only before the job is queued. */
export async function updateCsvImportMetadata(
  db: Executor,
  companyId: string,
  jobId: string,
  input: { metadata: CsvImportMetadata; strategy: 'REPLACE' | 'MERGE' },
): Promise<CsvImportJobModel> {
  return inTransaction(db, async (trx) => {
    const job = await mustGetJob(trx, companyId, jobId);
    if (!BEFORE_QUEUE.includes(job.status))
      throw badTransition(`Cannot update metadata of a CSV import job in status ${job.status}; it is already queued or finished.`);
    const metadata = input.strategy === 'MERGE' ? { ...parseJson<CsvImportMetadata>(job.metadata, {}), ...input.metadata } : input.metadata;
    validateMetadata(metadata);
    await trx
      .updateTable('csv_import_jobs')
      .set({ metadata: JSON.stringify(metadata), updated_at: nowIso() })
      .where('id', '=', jobId)
      .execute();
    return toCsvImportJobModel(await mustGetJob(trx, companyId, jobId));
  });
}

/** The moves a caller may make (everything else is the platform's own): see the diagram above. */
function allowedByCaller(from: CsvImportJobStatus, to: CsvImportJobStatus): boolean {
  if (from === to) return true;
  if (to === 'READY_FOR_IMPORT') return from === 'UPLOADED';
  if (to === 'QUEUED') return RUNNABLE.includes(from);
  if (to === 'FAILED') return from !== 'COMPLETED';
  return false;
}

export async function updateCsvImportStatus(
  db: Executor,
  companyId: string,
  jobId: string,
  input: { status: CsvImportJobStatus; errorType?: CsvImportErrorType; errorMessage?: string },
): Promise<CsvImportJobModel> {
  return inTransaction(db, async (trx) => {
    const job = await mustGetJob(trx, companyId, jobId);
    if (!allowedByCaller(job.status, input.status))
      throw badTransition(`Cannot move a CSV import job from ${job.status} to ${input.status}.`);
    if (job.status !== input.status) {
      const failed = input.status === 'FAILED';
      await trx
        .updateTable('csv_import_jobs')
        .set({
          status: input.status,
          ...(failed ? { error_code: input.errorType ?? 'PROCESSING_FAILED', error_message: input.errorMessage ?? null } : {}),
          ...(failed ? { lease_owner: null, lease_expires_at: null } : {}),
          updated_at: nowIso(),
        })
        .where('id', '=', jobId)
        .where('status', '=', job.status)
        .execute();
    }
    return toCsvImportJobModel(await mustGetJob(trx, companyId, jobId));
  });
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new single-use upload URL for the job's file (an earlier one stops working). */
export async function createUploadUrl(
  db: Executor,
  companyId: string,
  jobId: string,
  publicUrl: string,
  now: number = Date.now(),
): Promise<{ presignedUrl: string }> {
  const job = await mustGetJob(db, companyId, jobId);
  if (!BEFORE_QUEUE.includes(job.status))
    throw badTransition(`Cannot upload a file to a CSV import job in status ${job.status}; it is already queued or finished.`);
  const token = randomBytes(32).toString('base64url');
  const expires = now + UPLOAD_URL_TTL_SECONDS * 1000;
  await db
    .updateTable('csv_import_jobs')
    .set({
      upload_token_digest: digest(token),
      upload_expires_at: nowIso(expires),
      s3_key: job.s3_key ?? `csv-import/${companyId}/${jobId}.csv`,
      updated_at: nowIso(now),
    })
    .where('id', '=', jobId)
    .execute();
  const url = new URL(`/uploads/csv-import/${jobId}`, publicUrl);
  url.searchParams.set('expires', String(Math.floor(expires / 1000)));
  url.searchParams.set('token', token);
  return { presignedUrl: url.toString() };
}

export const uploadRefused = () =>
  new DomainError('forbidden', 'The upload URL is invalid, expired or already used; ask for a new one.', 'UPLOAD_URL_INVALID');
const fileError = (kind: 'invalid' | 'too_large', type: CsvImportErrorType, message: string) => new DomainError(kind, message, type);

export interface Upload {
  contentType: string | undefined;
  body: Buffer;
}

/** Reads and checks the file: UTF-8 text without NUL, a header, at least one row, within the limits. */
function readUpload(upload: Upload, job: CsvImportJob): { text: string; format: CsvFormat; records: string[][] } {
  const type = (upload.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!CSV_CONTENT_TYPES.includes(type))
    throw fileError('invalid', 'FILE_TYPE_NOT_SUPPORTED', `Content-Type "${type || '(none)'}" is not a CSV file type.`);
  if (upload.body.length === 0) throw fileError('invalid', 'FILE_TOO_SMALL', 'The file is empty.');
  if (upload.body.length > MAX_FILE_BYTES)
    throw fileError('too_large', 'FILE_TOO_LARGE', `The file is larger than ${MAX_FILE_BYTES} bytes.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(upload.body).replace(/^\uFEFF/, '');
  } catch {
    throw fileError('invalid', 'INVALID_FILE_FORMAT', 'The file is not UTF-8 text.');
  }
  if (text.includes('\u0000')) throw fileError('invalid', 'INVALID_FILE_FORMAT', 'The file contains NUL characters.');
  const format = parseJson<CsvFormat | null>(job.csv_format, null) ?? guessCsvFormat(text);
  let records: string[][];
  try {
    records = parseCsv(text, format);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw fileError('invalid', 'INVALID_FILE_FORMAT', `Uploaded file is not a valid CSV: ${err.message}.`);
    throw err;
  }
  const rows = format.skipHeaderRecord ? records.length - 1 : records.length;
  if (rows < 1) throw fileError('invalid', 'FILE_TOO_SMALL', 'The file has no rows to import.');
  if (rows > MAX_ROWS) throw fileError('too_large', 'FILE_TOO_LARGE', `The file has more than ${MAX_ROWS} rows.`);
  if (records.some((r) => r.length > MAX_COLUMNS))
    throw fileError('invalid', 'INVALID_FILE_FORMAT', `A row has more than ${MAX_COLUMNS} columns.`);
  return { text, format, records };
}

/**
 * Takes the file sent to an upload URL. The token is spent by the same compare-and-set that claims the upload,
 * so two concurrent uploads with one URL cannot both land. A file that fails the checks fails the job.
 */
export async function acceptUpload(db: Executor, jobId: string, token: string, upload: Upload): Promise<CsvImportJobModel> {
  // A bad file is answered after the transaction commits, so the job's FAILED state and the spent token stay.
  const result = await inTransaction(db, async (trx): Promise<CsvImportJobModel | DomainError> => {
    const at = nowIso();
    const spent = await trx
      .updateTable('csv_import_jobs')
      .set({ upload_token_digest: null, upload_expires_at: null, updated_at: at })
      .where('id', '=', jobId)
      .where('upload_token_digest', '=', digest(token))
      .where('upload_expires_at', '>', at)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw uploadRefused();
    const job = (await trx.selectFrom('csv_import_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow()) as CsvImportJob;
    if (!BEFORE_QUEUE.includes(job.status))
      throw badTransition(`Cannot upload a file to a CSV import job in status ${job.status}; it is already queued or finished.`);
    let read: ReturnType<typeof readUpload>;
    try {
      read = readUpload(upload, job);
    } catch (err) {
      if (err instanceof DomainError && err.type) {
        await trx
          .updateTable('csv_import_jobs')
          .set({ status: 'FAILED', error_code: err.type, error_message: err.message, updated_at: at })
          .where('id', '=', jobId)
          .execute();
        return err;
      }
      throw err;
    }
    const header = read.format.skipHeaderRecord ? (read.records[0] as string[]) : null;
    const width = Math.max(...read.records.map((r) => r.length));
    const columnNames = header ?? Array.from({ length: width }, (_, i) => String(i + 1));
    await trx.deleteFrom('csv_import_files').where('job_id', '=', jobId).execute();
    await trx
      .insertInto('csv_import_files')
      .values({
        job_id: jobId,
        company_id: job.company_id,
        content: read.text,
        size: upload.body.length,
        content_type: (upload.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
        uploaded_at: at,
      })
      .execute();
    await trx
      .updateTable('csv_import_jobs')
      .set({
        status: 'UPLOADED',
        csv_format: JSON.stringify(read.format),
        column_names: JSON.stringify(columnNames),
        rows_total: read.records.length - (header ? 1 : 0),
        error_code: null,
        error_message: null,
        updated_at: at,
      })
      .where('id', '=', jobId)
      .execute();
    return toCsvImportJobModel(await trx.selectFrom('csv_import_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow());
  });
  if (result instanceof DomainError) throw result;
  return result;
}

/** `:run`: queues an uploaded job for the runner; running a queued or processing job again changes nothing. */
export async function runCsvImportJob(db: Executor, companyId: string, jobId: string): Promise<CsvImportJobModel> {
  return inTransaction(db, async (trx) => {
    const job = await mustGetJob(trx, companyId, jobId);
    if (job.status === 'QUEUED' || job.status === 'PROCESSING') return toCsvImportJobModel(job);
    if (!RUNNABLE.includes(job.status))
      throw badTransition(`Cannot process CSV job in status ${job.status}. Job must be in UPLOADED or READY_FOR_IMPORT status.`);
    await trx
      .updateTable('csv_import_jobs')
      .set({ status: 'QUEUED', updated_at: nowIso() })
      .where('id', '=', jobId)
      .where('status', '=', job.status)
      .execute();
    return toCsvImportJobModel(await mustGetJob(trx, companyId, jobId));
  });
}

// ── The runner's side ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Claims a queued job (`jobId`, or the longest waiting), or one whose last lease ran out (its node died), for
 * `owner` until `leaseMs` from now.
 */
export async function leaseNextCsvImport(
  db: Executor,
  owner: string,
  leaseMs: number,
  jobId?: string,
  now: number = Date.now(),
): Promise<string | null> {
  const at = nowIso(now);
  let q = db
    .selectFrom('csv_import_jobs')
    .select(['id', 'lease_expires_at'])
    .where('status', 'in', ['QUEUED', 'PROCESSING'])
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', at)]));
  if (jobId) q = q.where('id', '=', jobId);
  const candidates = await q.orderBy('updated_at').limit(5).execute();
  for (const c of candidates) {
    const claimed = await db
      .updateTable('csv_import_jobs')
      .set({ status: 'PROCESSING', lease_owner: owner, lease_expires_at: nowIso(now + leaseMs), updated_at: at })
      .where('id', '=', c.id)
      .where('status', 'in', ['QUEUED', 'PROCESSING'])
      .where((eb) => (c.lease_expires_at === null ? eb('lease_expires_at', 'is', null) : eb('lease_expires_at', '=', c.lease_expires_at)))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) return c.id;
  }
  return null;
}

export class LeaseLost extends Error {}

export interface LeasedImport {
  job: CsvImportJob;
  /** The data rows (header removed), with their 1-based row number in the file. */
  rows: Array<{ rowNumber: number; values: string[] }>;
  columnNames: string[];
}

/** Loads a leased job and its parsed rows. */
export async function loadLeasedImport(db: Executor, jobId: string, owner: string): Promise<LeasedImport> {
  const job = await db.selectFrom('csv_import_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  if (!job || job.lease_owner !== owner || job.status !== 'PROCESSING') throw new LeaseLost();
  const file = await db.selectFrom('csv_import_files').select('content').where('job_id', '=', jobId).executeTakeFirst();
  if (!file) throw new Error(`CSV import job ${jobId} has no uploaded file`);
  const format = parseJson<CsvFormat>(job.csv_format, guessCsvFormat(file.content));
  const records = parseCsv(file.content, format);
  const offset = format.skipHeaderRecord ? 1 : 0;
  const columnNames = parseJson<string[]>(job.column_names, []);
  return { job, columnNames, rows: records.slice(offset).map((values, i) => ({ rowNumber: i + offset + 1, values })) };
}

type RowOutcome =
  | { kind: 'vendor'; vendor: Vendor }
  | { kind: 'skipped' }
  | { kind: 'error'; rowNumber: number; code: string; message: string; raw: string };

/** Which vendor field each column fills: the job's `columnMapping`, else a recognised column name. */
function columnFields(columnNames: string[], metadata: CsvImportMetadata): Array<VendorField | null> {
  const mapping = (metadata.columnMapping ?? {}) as Record<string, VendorField>;
  return columnNames.map((name) => mapping[name] ?? HEADER_ALIASES[name.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null);
}

function toVendorRow(
  companyId: string,
  row: { rowNumber: number; values: string[] },
  fields: Array<VendorField | null>,
  defaults: Record<string, string>,
  at: string,
): RowOutcome {
  const raw = JSON.stringify(row.values);
  const error = (code: string, message: string): RowOutcome => ({ kind: 'error', rowNumber: row.rowNumber, code, message, raw });
  if (row.values.every((v) => v.trim() === '')) return { kind: 'skipped' };
  const v: Partial<Record<VendorField, string>> = {};
  for (const [field, value] of Object.entries(defaults)) v[field as VendorField] = value;
  fields.forEach((field, i) => {
    const value = row.values[i]?.trim();
    if (field && value) v[field] = value;
  });
  for (const field of VENDOR_FIELDS) {
    if ((v[field]?.length ?? 0) > MAX_VALUE_LENGTH)
      return error('VALUE_TOO_LONG', `${field} is longer than ${MAX_VALUE_LENGTH} characters`);
  }
  if (!v.name) return error('MISSING_REQUIRED_FIELD', 'name is missing');
  if (!v.defaultCurrency) return error('MISSING_REQUIRED_FIELD', 'defaultCurrency is missing (a column, or metadata.defaults)');
  const currency = v.defaultCurrency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return error('INVALID_CURRENCY', `defaultCurrency "${v.defaultCurrency}" is not an ISO 4217 code`);
  const country = v.country?.toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) return error('INVALID_COUNTRY', `country "${v.country}" is not an ISO 3166-1 alpha-2 code`);
  const externalId = v.externalId ?? null;
  return {
    kind: 'vendor',
    vendor: {
      id: timeOrderedId(),
      company_id: companyId,
      name: v.name,
      code: v.code ?? null,
      external_id: externalId,
      country: country ?? null,
      default_currency: currency,
      registration_number: v.registrationNumber ?? null,
      tax_registration_number: v.taxRegistrationNumber ?? null,
      state: externalId ? 'ACTIVE' : 'DRAFT',
      created_at: at,
      updated_at: at,
    },
  };
}

/**
 * Imports the next `batchSize` rows of a leased job in one transaction: vendors, row errors, counters and the
 * cursor, guarded by the lease (and renewing it). A row whose externalId is already a vendor of the company
 * (or came earlier in the file) is skipped, so re-importing a file adds nothing twice. Returns true when
 * the job is complete.
 */
export async function importNextBatch(
  db: Executor,
  leased: LeasedImport,
  owner: string,
  batchSize: number,
  leaseMs: number,
): Promise<boolean> {
  const { job } = leased;
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('csv_import_jobs')
      .select(['next_row', 'metadata'])
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'PROCESSING')
      .executeTakeFirst();
    if (!current) throw new LeaseLost();
    const start = Number(current.next_row);
    const batch = leased.rows.slice(start, start + batchSize);
    const metadata = parseJson<CsvImportMetadata>(current.metadata, {});
    const fields = columnFields(leased.columnNames, metadata);
    const at = nowIso();
    const outcomes = batch.map((row) => toVendorRow(job.company_id, row, fields, (metadata.defaults ?? {}) as Record<string, string>, at));
    const externalIds = [...new Set(outcomes.flatMap((o) => (o.kind === 'vendor' && o.vendor.external_id ? [o.vendor.external_id] : [])))];
    const known = new Set(
      externalIds.length
        ? (
            await trx
              .selectFrom('vendors')
              .select('external_id')
              .where('company_id', '=', job.company_id)
              .where('external_id', 'in', externalIds)
              .execute()
          ).map((r) => r.external_id)
        : [],
    );
    const vendors: Vendor[] = [];
    const errors: CsvImportRowError[] = [];
    let skipped = 0;
    for (const o of outcomes) {
      if (o.kind === 'skipped') skipped++;
      else if (o.kind === 'error')
        errors.push({
          id: timeOrderedId(),
          company_id: job.company_id,
          job_id: job.id,
          row_number: o.rowNumber,
          error_code: o.code,
          error_message: o.message,
          raw_data: o.raw,
          created_at: at,
        });
      else if (o.vendor.external_id && known.has(o.vendor.external_id)) skipped++;
      else {
        if (o.vendor.external_id) known.add(o.vendor.external_id);
        vendors.push(o.vendor);
      }
    }
    const done = start + batch.length >= leased.rows.length;
    const advanced = await trx
      .updateTable('csv_import_jobs')
      .set((eb) => ({
        next_row: start + batch.length,
        rows_succeeded: eb('rows_succeeded', '+', vendors.length),
        rows_failed: eb('rows_failed', '+', errors.length),
        rows_skipped: eb('rows_skipped', '+', skipped),
        ...(done
          ? { status: 'COMPLETED' as const, lease_owner: null, lease_expires_at: null }
          : { lease_expires_at: nowIso(Date.now() + leaseMs) }),
        updated_at: at,
      }))
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'PROCESSING')
      .where('next_row', '=', start)
      .executeTakeFirst();
    if (Number(advanced.numUpdatedRows) !== 1) throw new LeaseLost();
    for (let i = 0; i < vendors.length; i += 100)
      await trx
        .insertInto('vendors')
        .values(vendors.slice(i, i + 100))
        .execute();
    for (let i = 0; i < errors.length; i += 100)
      await trx
        .insertInto('csv_import_row_errors')
        .values(errors.slice(i, i + 100))
        .execute();
    return done;
  });
}

/** Ends a leased job that cannot be processed (its file is gone or unreadable): FAILED, PROCESSING_FAILED. */
export async function failLeasedImport(db: Executor, jobId: string, owner: string, message: string): Promise<void> {
  await db
    .updateTable('csv_import_jobs')
    .set({
      status: 'FAILED',
      error_code: 'PROCESSING_FAILED',
      error_message: message.slice(0, 500),
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('id', '=', jobId)
    .where('lease_owner', '=', owner)
    .execute();
}

export interface RunOptions {
  batchSize: number;
  leaseMs: number;
  /** Called after each committed batch. */
  afterBatch?: (jobId: string) => void | Promise<void>;
  /** Checked before each batch: true stops (the lease then runs out and another node resumes). */
  stopping?: () => boolean;
}

/** Imports a job `owner` has leased, batch by batch, until it is complete, its lease is lost, or `stopping()`. */
export async function runLeasedImport(db: Executor, jobId: string, owner: string, opts: RunOptions): Promise<void> {
  let leased: LeasedImport;
  try {
    leased = await loadLeasedImport(db, jobId, owner);
  } catch (err) {
    if (err instanceof LeaseLost) return;
    await failLeasedImport(db, jobId, owner, err instanceof Error ? err.message : String(err));
    return;
  }
  while (!opts.stopping?.()) {
    let done: boolean;
    try {
      done = await importNextBatch(db, leased, owner, opts.batchSize, opts.leaseMs);
    } catch (err) {
      if (err instanceof LeaseLost) return; // cancelled, or another node took over
      throw err; // the lease runs out and the batch is retried
    }
    await opts.afterBatch?.(jobId);
    if (done) return;
  }
}
