import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { leaseNextCsvImport, runLeasedImport } from './vendor-csv-imports.ts';

export interface CsvImportRunnerOptions {
  pollMs?: number;
  /** How long a node holds a job without committing a batch before another node may take it over. */
  leaseMs?: number;
  batchSize?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Called after each committed batch (tests use it to stop a node mid-import). */
  afterBatch?: (jobId: string) => void | Promise<void>;
}

/**
 * Runs queued vendor CSV imports. Each node leases one job at a time; every batch commits under the lease and
 * renews it, so a job runs on one node at a time and a node that dies mid-import leaves a lease that runs
 * out, after which another node resumes after the last committed batch.
 */
export class CsvImportRunner {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: CsvImportRunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.batchSize = opts.batchSize ?? 200;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.tick(), this.opts.pollMs ?? 1_000);
    this.timer.unref();
  }

  /** Runs every job that is due now (also called right after `:run`, and by tests). Never rejects. */
  tick(): Promise<void> {
    this.running ??= this.runDue()
      .catch((err: unknown) => this.opts.log?.('csv import pass failed', { err: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async runDue(): Promise<void> {
    while (!this.stopped) {
      const jobId = await leaseNextCsvImport(this.db, this.owner, this.leaseMs);
      if (!jobId) return;
      await this.runJob(jobId);
    }
  }

  private runJob(jobId: string): Promise<void> {
    return runLeasedImport(this.db, jobId, this.owner, {
      batchSize: this.batchSize,
      leaseMs: this.leaseMs,
      afterBatch: this.opts.afterBatch,
      stopping: () => this.stopped,
    });
  }
}
