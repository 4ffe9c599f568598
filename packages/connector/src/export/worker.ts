import { type ApiSession, type CallOptions, paginate } from '../client/client.ts';
import {
  type ExportItem,
  type ExportJob,
  type ExportJobFailureReasonType,
  type ExportJobItemFailureReasonType,
  MAX_ITEMS_PER_UPDATE,
  type UpdateExportJobItem,
} from '../client/types.ts';
import { failureFor, type MessageContext } from '../connections/errors.ts';
import type { ConnectionService } from '../connections/service.ts';
import { isWorking, WORKING_STATES } from '../connections/states.ts';
import { type ConnectionView, toView } from '../connections/store.ts';
import { type Verdict, type VerdictKind, verdictOf } from '../connections/verdict.ts';
import type { Logger } from '../util/logger.ts';
import { mapLimit } from '../util/pool.ts';

/** What the integration did with one export item in its accounting system. */
export type ExportItemResult =
  | { status: 'successful'; externalId?: string; externalUrl?: string; exportedAt?: string }
  | { status: 'failed'; failureReason: string; failureReasonType?: ExportJobItemFailureReasonType };

export type ExportHandler = (item: ExportItem, ctx: { job: ExportJob; connection: ConnectionView }) => Promise<ExportItemResult>;

export interface ExportWorkerOptions {
  connections: ConnectionService;
  messages: MessageContext;
  /** Books one item in the accounting system. A thrown error marks the item failed (`unexpected_failure`). */
  handler: ExportHandler;
  logger?: Logger;
  /** Jobs taken per run (one list call; the worker never re-lists in a loop). Default 10. */
  maxJobs?: number;
  /** Export items per page. Default 100. */
  pageSize?: number;
  /** Upper bound on pages per job, against a misbehaving cursor. Default 1000. */
  maxPages?: number;
  call?: CallOptions;
}

export interface ExportJobOutcome {
  jobId: string;
  outcome: 'completed' | 'completed_with_errors' | 'failed' | 'skipped' | 'interrupted';
  successful: number;
  failed: number;
  /** Items the platform refused to update (`errors` of the PUT answer). */
  updateErrors: { accountingEntryId: string; type: string; message: string }[];
  detail?: string;
}

export interface ExportRunResult {
  connectionId: string;
  tenantId: string;
  jobs: ExportJobOutcome[];
  /**
   * Why the run ended early, if it did: `needs_reconnect` — the key was rejected and the connection was
   * marked; `not_connected` — the connection is not working; otherwise the platform's verdict.
   */
  stopped?: { reason: 'needs_reconnect' | 'not_connected' | Exclude<VerdictKind, 'invalid_key'>; message: string };
}

class StopRun extends Error {
  constructor(
    readonly reason: NonNullable<ExportRunResult['stopped']>['reason'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * The work an accounting integration exists for: take the connected company's pending export jobs,
 * read their export items, book each one, mark the items successful/failed (PUT ≤ 100 per call) and
 * post the job events (`started`, then `completed` / `completed_with_errors` / `failed`).
 * A rejected key marks the connection `needs_reconnect` and ends the run at once; a job that is gone or
 * no longer takes updates (404, 409, 422) ends that job only; nothing here loops.
 */
export class ExportWorker {
  readonly #o: ExportWorkerOptions;

  constructor(opts: ExportWorkerOptions) {
    this.#o = opts;
  }

  async runOnce(tenantId: string, connectionId: string): Promise<ExportRunResult> {
    const result: ExportRunResult = { connectionId, tenantId, jobs: [] };
    const { row, session } = await this.#o.connections.open(tenantId, connectionId);
    if (!isWorking(row.state)) {
      result.stopped = { reason: 'not_connected', message: `connection is ${row.state}` };
      return result;
    }
    const connection = toView(row);
    const call = this.#o.call ?? {};
    try {
      let jobs: ExportJob[];
      try {
        const page = await session.listExportJobs(
          { statuses: ['pending'], companyId: row.company_id ?? undefined, limit: this.#o.maxJobs ?? 10 },
          call,
        );
        jobs = page.data.slice(0, this.#o.maxJobs ?? 10);
      } catch (err) {
        throw await this.#stop(verdictOf(err), connectionId);
      }
      for (const job of jobs) {
        if (row.company_id && job.companyId && job.companyId.toLowerCase() !== row.company_id) {
          result.jobs.push({
            jobId: job.id,
            outcome: 'skipped',
            successful: 0,
            failed: 0,
            updateErrors: [],
            detail: 'job belongs to another company',
          });
          continue;
        }
        result.jobs.push(await this.#runJob(session, job, connection, call));
      }
    } catch (err) {
      if (!(err instanceof StopRun)) throw err;
      result.stopped = { reason: err.reason, message: err.message };
    }
    return result;
  }

  /** Runs every connected connection once, `concurrency` at a time. */
  async runAll(opts: { concurrency?: number } = {}): Promise<ExportRunResult[]> {
    const all = await this.#o.connections.listAll({ states: WORKING_STATES });
    return mapLimit(all, opts.concurrency ?? 2, (c) => this.runOnce(c.tenantId, c.id));
  }

  async #runJob(session: ApiSession, job: ExportJob, connection: ConnectionView, call: CallOptions): Promise<ExportJobOutcome> {
    const out: ExportJobOutcome = { jobId: job.id, outcome: 'completed', successful: 0, failed: 0, updateErrors: [] };
    try {
      await session.createExportJobEvent({ jobId: job.id, event: 'started' }, call);
    } catch (err) {
      const v = verdictOf(err);
      // Another worker started it, or it expired: not ours to do.
      if (aboutTheJob(v)) return { ...out, outcome: 'skipped', detail: v.detail };
      throw await this.#stop(v, connection.id);
    }

    let buffer: UpdateExportJobItem[] = [];
    const flush = async () => {
      if (buffer.length === 0) return;
      const batch = buffer;
      buffer = [];
      const res = await session.updateExportJobItems(job.id, batch, call);
      out.updateErrors.push(...res.errors);
    };

    try {
      const items = paginate<ExportItem>((q) => session.listExportItems({ ...q, jobId: job.id }, call), {
        limit: this.#o.pageSize ?? 100,
        maxPages: this.#o.maxPages ?? 1000,
      });
      for await (const item of items) {
        const update = await this.#book(item, job, connection);
        if (update.status === 'successful') out.successful++;
        else out.failed++;
        buffer.push(update);
        if (buffer.length >= MAX_ITEMS_PER_UPDATE) await flush();
      }
      await flush();
    } catch (err) {
      const v = verdictOf(err);
      // The job finished or expired under us: nothing more to do for it.
      if (aboutTheJob(v)) return { ...out, outcome: 'failed', detail: v.detail };
      const stop = await this.#stop(v, connection.id);
      if (stop.reason !== 'needs_reconnect' && stop.reason !== 'missing_scopes') {
        await this.#failJob(session, job.id, stop.reason === 'rate_limited' ? 'pleo_rate_limit' : 'service_unreachable', stop.message);
      }
      throw stop;
    }

    const event = out.failed > 0 || out.updateErrors.length > 0 ? 'completed_with_errors' : 'completed';
    out.outcome = event;
    try {
      await session.createExportJobEvent({ jobId: job.id, event }, call);
    } catch (err) {
      const v = verdictOf(err);
      // Every item was reported; the job itself ended under us before it could be closed.
      if (aboutTheJob(v)) return { ...out, outcome: 'interrupted', detail: v.detail };
      throw await this.#stop(v, connection.id);
    }
    this.#o.logger?.info?.(
      { connectionId: connection.id, jobId: job.id, successful: out.successful, failed: out.failed },
      `export job ${event}`,
    );
    return out;
  }

  async #book(item: ExportItem, job: ExportJob, connection: ConnectionView): Promise<UpdateExportJobItem> {
    try {
      const r = await this.#o.handler(item, { job, connection });
      if (r.status === 'successful') {
        return {
          accountingEntryId: item.accountingEntryId,
          status: 'successful',
          exportedAt: r.exportedAt ?? new Date().toISOString(),
          ...(r.externalId ? { externalId: r.externalId } : {}),
          ...(r.externalUrl ? { externalUrl: r.externalUrl } : {}),
        };
      }
      return {
        accountingEntryId: item.accountingEntryId,
        status: 'failed',
        failureReason: r.failureReason,
        failureReasonType: r.failureReasonType ?? 'unexpected_failure',
      };
    } catch (err) {
      return {
        accountingEntryId: item.accountingEntryId,
        status: 'failed',
        failureReason: (err instanceof Error ? err.message : String(err)).slice(0, 500),
        failureReasonType: 'unexpected_failure',
      };
    }
  }

  async #failJob(session: ApiSession, jobId: string, failureReasonType: ExportJobFailureReasonType, failureReason: string): Promise<void> {
    try {
      await session.createExportJobEvent({ jobId, event: 'failed', failureReason, failureReasonType }, { retries: 0, timeoutMs: 5_000 });
    } catch {
      // best effort: the platform is the thing that is failing
    }
  }

  /** Turns a platform verdict into the end of the run; a rejected key marks the connection first. */
  async #stop(v: Verdict, connectionId: string): Promise<StopRun> {
    if (v.kind === 'invalid_key') {
      await this.#o.connections.markNeedsReconnect(connectionId, `The API Key was rejected while exporting (${v.status ?? v.kind}).`);
      this.#o.logger?.warn?.({ connectionId }, 'export stopped: key rejected; connection needs reconnect');
      return new StopRun('needs_reconnect', failureFor(v, this.#o.messages).message);
    }
    this.#o.logger?.warn?.({ connectionId, verdict: v.kind, detail: v.detail }, 'export stopped');
    const message =
      v.kind === 'not_found' || v.kind === 'refused'
        ? `${this.#o.messages.platformName} refused the export request (${v.detail}).`
        : failureFor(v, this.#o.messages).message;
    return new StopRun(v.kind, message);
  }
}

/** A 404 or another 4xx on a job's own routes is about that job (gone, taken, expired), not the key or the run. */
const aboutTheJob = (v: Verdict): boolean => v.kind === 'not_found' || v.kind === 'refused';
