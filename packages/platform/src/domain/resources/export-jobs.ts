import { paginate } from '../../db/paginate.ts';
import type { ExportJob, ExportJobItem, ExportJobItemStatus, ExportJobStatus } from '../../db/resources-schema.ts';
import { nowIso } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import { publishEvent } from '../webhooks.ts';
import { assertCompany, bool, compact, echo, flag, inTransaction, isUniqueViolation, type PageRequest, timeOrderedId } from './common.ts';
import { type ExportItemModel, toExportItems } from './expenses.ts';

/**
 * Export jobs (Pleo's Export API v3). A job collects the company's expenses that are ready to export; the
 * integration starts it, reports each item as successful or failed, then completes (or fails) it:
 *
 *   pending ──started──▶ in_progress ──completed | completed_with_errors──▶ done
 *      └──────────failed──────┴──failed──▶ failed
 *
 * Items still pending when a job finishes are abandoned and their expenses become ready again, as do failed
 * ones; successful items mark their expense exported. A started job not updated for EXPORT_JOB_TTL_SECONDS
 * expires (failed, `job_expired`), so a crashed integration cannot block the company's exports for ever.
 */
export const EXPORT_JOB_TTL_SECONDS = 3600;
export const MAX_ITEMS_PER_UPDATE = 100;

const ACTIVE: ExportJobStatus[] = ['pending', 'in_progress'];
const UNFINISHED_ITEMS: ExportJobItemStatus[] = ['pending', 'in_progress'];

/** Pleo's ExportJobV3. */
export interface ExportJobModel {
  id: string;
  companyId: string;
  status: ExportJobStatus;
  isInteractive: boolean;
  vendorBasedBookkeeping: boolean;
  numberOfItems: number;
  expiresIn: number;
  createdAt: string;
  createdBy: string | null;
  startedAt: string | null;
  completedAt: string | null;
  expiredAt: string | null;
  lastUpdatedAt: string | null;
  failureReason: string | null;
  failureReasonType?: string;
}

export function toExportJobModel(row: ExportJob, now: number = Date.now()): ExportJobModel {
  let expiresIn = 0;
  if (row.status === 'pending') expiresIn = EXPORT_JOB_TTL_SECONDS;
  if (row.status === 'in_progress')
    expiresIn = Math.max(0, Math.floor((Date.parse(row.last_updated_at) + EXPORT_JOB_TTL_SECONDS * 1000 - now) / 1000));
  return compact({
    id: row.id,
    companyId: row.company_id,
    status: row.status,
    isInteractive: bool(row.is_interactive),
    vendorBasedBookkeeping: bool(row.vendor_based_bookkeeping),
    numberOfItems: Number(row.number_of_items),
    expiresIn,
    createdAt: row.created_at,
    createdBy: row.created_by,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    expiredAt: row.expired_at,
    lastUpdatedAt: row.last_updated_at,
    failureReason: row.failure_reason,
    failureReasonType: row.failure_reason_type ?? undefined,
  });
}

/** Pleo's ExportJobItemV3. */
export interface ExportJobItemModel {
  accountingEntryId: string;
  exportJobId: string;
  status: ExportJobItemStatus;
  exportedAt: string | null;
  externalId: string | null;
  externalUrl: string | null;
  failureReason: string | null;
  failureReasonType?: string;
}

export const toExportJobItemModel = (row: ExportJobItem): ExportJobItemModel =>
  compact({
    accountingEntryId: row.expense_id,
    exportJobId: row.job_id,
    status: row.status,
    exportedAt: row.exported_at,
    externalId: row.external_id,
    externalUrl: row.external_url,
    failureReason: row.failure_reason,
    failureReasonType: row.failure_reason_type ?? undefined,
  });

const jobNotFound = (jobId: string) => notFound(`Export job ${jobId} not found.`, 'EXPORT_NOT_FOUND');
const jobFinished = () =>
  new DomainError('unprocessable', 'Export job is finished and can no longer be processed.', 'EXPORT_JOB_STATUS_UNPROCESSABLE');
const invalidChange = (message: string) => new DomainError('unprocessable', message, 'INVALID_EXPORT_JOB_STATUS_CHANGE');

async function mustGetJob(db: Executor, companyId: string, jobId: string): Promise<ExportJob> {
  const row = await db.selectFrom('export_jobs').selectAll().where('company_id', '=', companyId).where('id', '=', jobId).executeTakeFirst();
  if (!row) throw jobNotFound(jobId);
  return row;
}

interface Finish {
  failureReason?: string | null;
  failureReasonType?: string | null;
  expired?: boolean;
}

/** Ends a job: unfinished items are abandoned and every expense of the job not exported is ready again. */
async function finishJob(trx: Executor, companyId: string, jobId: string, status: ExportJobStatus, finish: Finish = {}): Promise<void> {
  const at = nowIso();
  await trx
    .updateTable('export_jobs')
    .set({
      status,
      completed_at: status === 'failed' ? null : at,
      expired_at: finish.expired ? at : null,
      failure_reason: status === 'failed' ? (finish.failureReason ?? null) : null,
      failure_reason_type: status === 'failed' ? (finish.failureReasonType ?? null) : null,
      last_updated_at: at,
    })
    .where('company_id', '=', companyId)
    .where('id', '=', jobId)
    .execute();
  await trx
    .updateTable('export_job_items')
    .set({ status: 'abandoned', updated_at: at })
    .where('company_id', '=', companyId)
    .where('job_id', '=', jobId)
    .where('status', 'in', UNFINISHED_ITEMS)
    .execute();
  await trx
    .updateTable('expenses')
    .set({ export_status: 'ready', updated_at: at })
    .where('company_id', '=', companyId)
    .where('export_job_id', '=', jobId)
    .where('export_status', '=', 'queued')
    .execute();
}

/** Fails the company's started jobs that were not updated within the TTL. A read first, so the usual case writes nothing. */
export async function expireStaleJobs(db: Executor, companyId: string, now: number = Date.now()): Promise<void> {
  const cutoff = nowIso(now - EXPORT_JOB_TTL_SECONDS * 1000);
  const stale = await db
    .selectFrom('export_jobs')
    .select('id')
    .where('company_id', '=', companyId)
    .where('status', '=', 'in_progress')
    .where('last_updated_at', '<', cutoff)
    .execute();
  for (const { id } of stale) {
    await inTransaction(db, (trx) =>
      finishJob(trx, companyId, id, 'failed', {
        expired: true,
        failureReasonType: 'job_expired',
        failureReason: `The export job was not updated within ${EXPORT_JOB_TTL_SECONDS} seconds.`,
      }),
    );
  }
}

const chunks = <T>(values: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
};

export interface NewExportJob {
  /** The expenses to export; empty or absent = every expense of the company that is ready to export. */
  accountingEntryIds?: string[];
  employeeId?: string | null;
  isInteractive?: boolean | null;
  vendorBasedBookkeeping?: boolean | null;
}

const alreadyInProgress = () => conflict('Export Job already in progress for this company.', 'EXPORT_ALREADY_IN_PROGRESS');

/** Creates a pending job and, in the same transaction, its `v1.export-job.created` event (callers notify the outbox). */
export async function createExportJob(db: Executor, companyId: string, input: NewExportJob): Promise<ExportJobModel> {
  await expireStaleJobs(db, companyId);
  return inTransaction(db, async (trx) => {
    const active = await trx
      .selectFrom('export_jobs')
      .select('id')
      .where('company_id', '=', companyId)
      .where('status', 'in', ACTIVE)
      .executeTakeFirst();
    if (active) throw alreadyInProgress();
    if (input.employeeId) {
      const employee = await trx
        .selectFrom('employees')
        .select('id')
        .where('company_id', '=', companyId)
        .where('id', '=', input.employeeId)
        .executeTakeFirst();
      if (!employee) throw invalid(`employeeId ${input.employeeId} is not an employee of this company`);
    }
    const requested = [...new Set(input.accountingEntryIds ?? [])];
    let ids: string[] = [];
    for (const part of requested.length ? chunks(requested, 500) : [null]) {
      let q = trx.selectFrom('expenses').select('id').where('company_id', '=', companyId).where('export_status', '=', 'ready');
      if (part) q = q.where('id', 'in', part);
      ids = ids.concat((await q.orderBy('id').execute()).map((r) => r.id));
    }
    if (requested.length && ids.length !== requested.length) {
      const found = new Set(ids);
      const missing = requested.filter((id) => !found.has(id));
      throw new DomainError(
        'unprocessable',
        `Accounting entries not found or not ready to export: ${missing.join(', ')}`,
        'ACCOUNTING_ENTRIES_NOT_EXPORTABLE',
      );
    }
    if (!ids.length)
      throw new DomainError(
        'unprocessable',
        'No accounting entries of this company are ready to export.',
        'NO_ACCOUNTING_ENTRIES_TO_EXPORT',
      );

    const at = nowIso();
    const job: ExportJob = {
      id: timeOrderedId(),
      company_id: companyId,
      status: 'pending',
      is_interactive: flag(input.isInteractive ?? true),
      vendor_based_bookkeeping: flag(input.vendorBasedBookkeeping ?? false),
      number_of_items: ids.length,
      created_by: input.employeeId ?? null,
      failure_reason: null,
      failure_reason_type: null,
      created_at: at,
      started_at: null,
      completed_at: null,
      expired_at: null,
      last_updated_at: at,
    };
    try {
      await trx.insertInto('export_jobs').values(job).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyInProgress();
      throw err;
    }
    for (const part of chunks(ids, 200)) {
      await trx
        .insertInto('export_job_items')
        .values(
          part.map((expenseId) => ({
            id: timeOrderedId(),
            company_id: companyId,
            job_id: job.id,
            expense_id: expenseId,
            status: 'pending' as const,
            exported_at: null,
            external_id: null,
            external_url: null,
            failure_reason: null,
            failure_reason_type: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .updateTable('expenses')
        .set({ export_status: 'queued', export_job_id: job.id, updated_at: at })
        .where('company_id', '=', companyId)
        .where('id', 'in', part)
        .execute();
    }
    const model = toExportJobModel(job);
    await publishEvent(trx, companyId, 'v1.export-job.created', model);
    return model;
  });
}

/** Pleo's CreateExportJob request, as v2 and v3 take it. */
export interface CreateExportJobRequest {
  companyId: string;
  accountingEntryIds?: string[];
  employeeId?: string | null;
  isInteractive?: boolean | null;
  options?: { vendorBasedBookkeeping?: boolean | null } | null;
}

/** `POST /v2|v3/export-jobs`: the request must name the key's company (another one is not found). */
export function createExportJobFromRequest(db: Executor, keyCompanyId: string, req: CreateExportJobRequest): Promise<ExportJobModel> {
  assertCompany(keyCompanyId, req.companyId);
  return createExportJob(db, keyCompanyId, {
    accountingEntryIds: req.accountingEntryIds,
    employeeId: req.employeeId,
    isInteractive: req.isInteractive,
    vendorBasedBookkeeping: req.options?.vendorBasedBookkeeping,
  });
}

export async function listExportJobs(db: Executor, companyId: string, statuses: ExportJobStatus[] | undefined, page: PageRequest) {
  await expireStaleJobs(db, companyId);
  let q = db.selectFrom('export_jobs').selectAll().where('company_id', '=', companyId);
  if (statuses?.length) q = q.where('status', 'in', statuses);
  const result = await paginate(q, 'id', page, echo({ company_id: companyId, statuses }));
  const now = Date.now();
  return { data: result.data.map((r) => toExportJobModel(r, now)), pagination: result.pagination };
}

export async function getExportJob(db: Executor, companyId: string, jobId: string): Promise<ExportJobModel> {
  await expireStaleJobs(db, companyId);
  return toExportJobModel(await mustGetJob(db, companyId, jobId));
}

export async function listExportJobItems(
  db: Executor,
  companyId: string,
  jobId: string,
  status: ExportJobItemStatus | undefined,
  page: PageRequest,
) {
  await mustGetJob(db, companyId, jobId);
  let q = db.selectFrom('export_job_items').selectAll().where('company_id', '=', companyId).where('job_id', '=', jobId);
  if (status) q = q.where('status', '=', status);
  const result = await paginate(q, 'id', page, echo({ jobId, status }));
  return { data: result.data.map(toExportJobItemModel), pagination: result.pagination };
}

/** Pleo's UpdateExportJobItemV3. */
export interface ExportJobItemUpdate {
  accountingEntryId: string;
  status: ExportJobItemStatus;
  exportedAt?: string;
  externalId?: string;
  externalUrl?: string;
  failureReason?: string;
  failureReasonType?: string;
}

export interface ExportJobItemUpdateResult {
  data: ExportJobItemModel[];
  errors: Array<{ accountingEntryId: string; type: string; message: string }>;
}

export const tooManyItems = (n: number) =>
  new DomainError(
    'too_large',
    `Number of items to update is more than ${MAX_ITEMS_PER_UPDATE} (got ${n}).`,
    'EXPORT_JOB_ITEMS_UPDATE_LIMIT',
  );

/**
 * Records the integration's progress on items of a running job. Entries that are not part of the job are
 * reported in `errors` (the rest still apply). A successful item marks its expense exported.
 */
export async function updateExportJobItems(
  db: Executor,
  companyId: string,
  jobId: string,
  updates: ExportJobItemUpdate[],
): Promise<ExportJobItemUpdateResult> {
  if (updates.length > MAX_ITEMS_PER_UPDATE) throw tooManyItems(updates.length);
  await expireStaleJobs(db, companyId);
  return inTransaction(db, async (trx) => {
    const job = await mustGetJob(trx, companyId, jobId);
    if (!ACTIVE.includes(job.status)) throw jobFinished();
    const entryIds = [...new Set(updates.map((u) => u.accountingEntryId))];
    const items = entryIds.length
      ? await trx
          .selectFrom('export_job_items')
          .selectAll()
          .where('company_id', '=', companyId)
          .where('job_id', '=', jobId)
          .where('expense_id', 'in', entryIds)
          .execute()
      : [];
    const byEntry = new Map(items.map((i) => [i.expense_id, i]));
    const errors: ExportJobItemUpdateResult['errors'] = [];
    const updated = new Set<string>();
    const at = nowIso();
    for (const u of updates) {
      const item = byEntry.get(u.accountingEntryId);
      if (!item) {
        errors.push({
          accountingEntryId: u.accountingEntryId,
          type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
          message: `Accounting entry ${u.accountingEntryId} is not part of export job ${jobId}.`,
        });
        continue;
      }
      const successful = u.status === 'successful';
      const failed = u.status === 'failed';
      const exportedAt = u.exportedAt ?? (successful ? at : null);
      await trx
        .updateTable('export_job_items')
        .set({
          status: u.status,
          exported_at: exportedAt,
          external_id: u.externalId ?? null,
          external_url: u.externalUrl ?? null,
          failure_reason: failed ? (u.failureReason ?? null) : null,
          failure_reason_type: failed ? (u.failureReasonType ?? null) : null,
          updated_at: at,
        })
        .where('id', '=', item.id)
        .execute();
      await trx
        .updateTable('expenses')
        .set(
          successful
            ? {
                export_status: 'exported',
                exported_at: exportedAt,
                external_id: u.externalId ?? null,
                external_url: u.externalUrl ?? null,
                updated_at: at,
              }
            : { export_status: 'queued', exported_at: null, external_id: null, external_url: null, updated_at: at },
        )
        .where('company_id', '=', companyId)
        .where('id', '=', item.expense_id)
        .execute();
      updated.add(item.id);
    }
    await trx.updateTable('export_jobs').set({ last_updated_at: at }).where('company_id', '=', companyId).where('id', '=', jobId).execute();
    const rows = updated.size
      ? await trx
          .selectFrom('export_job_items')
          .selectAll()
          .where('company_id', '=', companyId)
          .where('id', 'in', [...updated])
          .orderBy('id')
          .execute()
      : [];
    return { data: rows.map(toExportJobItemModel), errors };
  });
}

export type ExportJobEventType = 'started' | 'failed' | 'completed' | 'completed_with_errors';

export interface ExportJobEvent {
  jobId: string;
  event: ExportJobEventType;
  failureReason?: string;
  failureReasonType?: string;
}

/**
 * Moves a job through its lifecycle (see the diagram above). A repeated `started` is accepted (retries are safe);
 * any other change a job's status does not allow is 422 INVALID_EXPORT_JOB_STATUS_CHANGE.
 */
export async function recordExportJobEvent(db: Executor, companyId: string, input: ExportJobEvent): Promise<ExportJobModel> {
  await expireStaleJobs(db, companyId);
  return inTransaction(db, async (trx) => {
    const job = await mustGetJob(trx, companyId, input.jobId);
    const at = nowIso();
    switch (input.event) {
      case 'started':
        if (job.status !== 'pending' && job.status !== 'in_progress')
          throw invalidChange(`Export job is ${job.status}; it cannot be started.`);
        await trx
          .updateTable('export_jobs')
          .set({ status: 'in_progress', started_at: job.started_at ?? at, last_updated_at: at })
          .where('company_id', '=', companyId)
          .where('id', '=', job.id)
          .execute();
        break;
      case 'completed':
      case 'completed_with_errors':
        if (job.status !== 'in_progress') {
          throw invalidChange(`Export job is ${job.status}; only a started (in_progress) job can become ${input.event}.`);
        }
        await finishJob(trx, companyId, job.id, input.event);
        break;
      case 'failed':
        if (!ACTIVE.includes(job.status)) throw invalidChange(`Export job is ${job.status}; it cannot fail any more.`);
        await finishJob(trx, companyId, job.id, 'failed', {
          failureReason: input.failureReason,
          failureReasonType: input.failureReasonType,
        });
        break;
    }
    return toExportJobModel(await mustGetJob(trx, companyId, job.id));
  });
}

/**
 * Export items (the expenses of running jobs, in Pleo's ExportItemV3 shape). With a job id: that job's items,
 * 422 EXPORT_JOB_STATUS_UNPROCESSABLE once it finished; without: the items of the company's running job.
 */
export async function listExportItems(db: Executor, companyId: string, jobId: string | undefined, page: PageRequest, publicUrl: string) {
  await expireStaleJobs(db, companyId);
  let jobIds: string[];
  if (jobId) {
    const job = await mustGetJob(db, companyId, jobId);
    if (!ACTIVE.includes(job.status)) throw jobFinished();
    jobIds = [job.id];
  } else {
    jobIds = (
      await db.selectFrom('export_jobs').select('id').where('company_id', '=', companyId).where('status', 'in', ACTIVE).execute()
    ).map((r) => r.id);
  }
  const q = db
    .selectFrom('expenses')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('export_job_items')
        .select('expense_id')
        .where('company_id', '=', companyId)
        .where('job_id', 'in', jobIds.length ? jobIds : ['']),
    );
  const result = await paginate(q, 'id', page, echo({ job_id: jobId }));
  return { data: await toExportItems(db, companyId, result.data, publicUrl), pagination: result.pagination };
}

/** One expense as an export item, whatever its export status. */
export async function getExportItem(
  db: Executor,
  companyId: string,
  accountingEntryId: string,
  publicUrl: string,
): Promise<ExportItemModel> {
  const row = await db
    .selectFrom('expenses')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', accountingEntryId)
    .executeTakeFirst();
  if (!row) throw notFound(`Export item ${accountingEntryId} not found.`, 'EXPORT_ITEM_NOT_FOUND');
  const [item] = await toExportItems(db, companyId, [row], publicUrl);
  return item as ExportItemModel;
}

/** Pleo's ExportItemV2: the v3 item without the tax code's ingoing/outgoing accounts. */
export type ExportItemV2Model = Omit<ExportItemModel, 'accountingEntryLines'> & {
  accountingEntryLines: Array<
    Omit<ExportItemModel['accountingEntryLines'][number], 'tax'> & {
      tax: Omit<NonNullable<ExportItemModel['accountingEntryLines'][number]['tax']>, 'ingoingTaxAccount' | 'outgoingTaxAccount'> | null;
    }
  >;
};

export const toExportItemV2 = (item: ExportItemModel): ExportItemV2Model => ({
  ...item,
  accountingEntryLines: item.accountingEntryLines.map((line) => {
    if (!line.tax) return { ...line, tax: null };
    const { ingoingTaxAccount: _in, outgoingTaxAccount: _out, ...tax } = line.tax;
    return { ...line, tax };
  }),
});

/** `GET /v2/export-items`: as {@link listExportItems}, in the v2 shape. */
export async function listExportItemsV2(db: Executor, companyId: string, jobId: string | undefined, page: PageRequest, publicUrl: string) {
  const result = await listExportItems(db, companyId, jobId, page, publicUrl);
  return { data: result.data.map(toExportItemV2), pagination: result.pagination };
}

/** The export job item of an accounting entry: from the most recent job that held it. */
export async function getExportJobItemForEntry(db: Executor, companyId: string, accountingEntryId: string): Promise<ExportJobItemModel> {
  await expireStaleJobs(db, companyId);
  const row = await db
    .selectFrom('export_job_items')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('expense_id', '=', accountingEntryId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw notFound(`Export Job Item not found for accounting entry ${accountingEntryId}.`, 'EXPORT_ENTRY_NOT_FOUND');
  return toExportJobItemModel(row);
}
