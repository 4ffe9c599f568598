import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { generateKey } from '@latchkey/keys';
import type { ExportItem, UpdateExportJobItem } from '../client/types.ts';
import { json, ScriptedServer, type SeenRequest } from './scripted-server.ts';

interface FakeKey {
  companyId: string;
  installationId: string;
  scopes: string[];
  revoked: boolean;
}

interface FakeInstallation {
  id: string;
  companyId: string;
  status: string;
  errorCode: string | null;
}

export interface FakeJob {
  id: string;
  companyId: string;
  status: 'pending' | 'in_progress' | 'failed' | 'completed' | 'completed_with_errors';
  items: ExportItem[];
  updates: Map<string, UpdateExportJobItem>;
  putSizes: number[];
  failureReasonType?: string;
}

/**
 * A small in-memory Pleo-compatible API on a real local HTTP server, for the health and export
 * tests that need control the real platform does not offer (scopes changing under a live key,
 * failures on chosen calls, counting concurrent requests, export jobs with many items).
 */
export class FakePleo {
  readonly server = new ScriptedServer();
  readonly keys = new Map<string, FakeKey>();
  readonly installations = new Map<string, FakeInstallation>();
  readonly jobs = new Map<string, FakeJob>();
  readonly puts: { installationId: string; body: unknown }[] = [];
  readonly events: { jobId: string; event: string; failureReasonType?: string }[] = [];
  /** Answer every request with this status (until cleared). */
  failWith: number | undefined;
  /** Answer matching `METHOD path` requests with this status (only the next `times` of them, when set). */
  failOn: { match: RegExp; status: number; times?: number }[] = [];
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;

  get url(): string {
    return this.server.url;
  }

  get requests(): SeenRequest[] {
    return this.server.requests;
  }

  async start(): Promise<this> {
    await this.server.start();
    this.server.handler = (req, res) => this.#handle(req, res);
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  issue(opts: { scopes?: string[]; companyId?: string } = {}): { key: string; companyId: string; installationId: string } {
    const key = generateKey({ prefix: 'lk' });
    const companyId = opts.companyId ?? randomUUID();
    const installationId = randomUUID();
    this.keys.set(key, {
      companyId,
      installationId,
      scopes: opts.scopes ?? ['export-jobs:read', 'export-jobs:write', 'export-items:read', 'companies:read'],
      revoked: false,
    });
    this.installations.set(installationId, { id: installationId, companyId, status: 'PENDING_INTEGRATION', errorCode: null });
    return { key, companyId, installationId };
  }

  addJob(companyId: string, items: number): FakeJob {
    const id = randomUUID();
    const job: FakeJob = {
      id,
      companyId,
      status: 'pending',
      items: Array.from({ length: items }, (_, i) => ({
        accountingEntryId: randomUUID(),
        companyId,
        date: '2025-01-01T00:00:00Z',
        type: 'card_purchase',
        amount: { inSupplierCurrency: { value: 1000 + i, currency: 'EUR' }, inWalletCurrency: { value: 1000 + i, currency: 'EUR' } },
        accountingEntryLines: [],
        additionalInformation: {},
        note: `item ${i}`,
        _links: {},
      })),
      updates: new Map(),
      putSizes: [],
    };
    this.jobs.set(id, job);
    return job;
  }

  async #handle(req: SeenRequest, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      this.#route(req, res);
    } finally {
      this.inFlight--;
    }
  }

  #route(req: SeenRequest, res: ServerResponse): unknown {
    const url = new URL(req.url, 'http://x');
    const line = `${req.method} ${url.pathname}`;
    if (this.failWith)
      return json(res, this.failWith, { type: 'UNAVAILABLE', message: 'injected' }, this.failWith === 429 ? { 'retry-after': '3600' } : {});
    const injected = this.failOn.find((f) => f.match.test(line) && f.times !== 0);
    if (injected?.times) injected.times--;
    if (injected) return json(res, injected.status, { type: 'INJECTED', message: `injected ${injected.status}` });

    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').replace(/:$/, '') : '';
    const k = this.keys.get(key);
    if (!k || k.revoked) return json(res, 401, { type: 'UNAUTHORIZED', message: 'invalid or revoked API key' });
    const inst = this.installations.get(k.installationId)!;
    const view = () => ({
      id: inst.id,
      applicationId: '00000000-0000-4000-8000-000000000001',
      resource: `urn:pleo:company:${inst.companyId}`,
      status: inst.status,
      ...(inst.errorCode ? { errorCode: inst.errorCode } : {}),
      metadata: {},
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
    });
    const need = (scope: string) => {
      if (k.scopes.includes(scope)) return true;
      json(res, 403, { type: 'FORBIDDEN', message: `missing scope ${scope}` });
      return false;
    };
    const body = req.body ? JSON.parse(req.body) : undefined;

    if (line === 'GET /v1/installations/me') return json(res, 200, view());
    if (line === 'POST /v1/installations/me:activate') {
      inst.status = 'ACTIVATED';
      inst.errorCode = null;
      return json(res, 200, view());
    }
    if (line === 'PUT /v1/installations/me') {
      this.puts.push({ installationId: inst.id, body });
      inst.status = body.status;
      inst.errorCode = body.errorCode ?? null;
      return json(res, 200, view());
    }
    if (line === 'DELETE /v1/installations/me') {
      for (const other of this.keys.values()) if (other.installationId === inst.id) other.revoked = true;
      res.writeHead(204);
      res.end();
      return;
    }
    if (line === 'GET /v1/introspect') {
      return json(res, 200, {
        data: {
          authMethod: 'API_KEY',
          clientId: 'fake',
          scope: k.scopes.join(' '),
          applicationName: 'Fake App',
          subjectURN: `urn:pleo:company:${k.companyId}`,
        },
      });
    }
    if (line.startsWith('GET /v1/companies/')) {
      if (!need('companies:read')) return;
      return json(res, 200, { data: { id: k.companyId, name: 'Fake Company' } });
    }
    if (line === 'GET /v3/export-jobs') {
      if (!need('export-jobs:read')) return;
      const statuses = url.searchParams.getAll('statuses');
      const data = [...this.jobs.values()]
        .filter((j) => j.companyId === k.companyId && (statuses.length === 0 || statuses.includes(j.status)))
        .map((j) => ({
          id: j.id,
          companyId: j.companyId,
          status: j.status,
          createdAt: '2025-01-01T00:00:00Z',
          expiresIn: 3600,
          isInteractive: true,
          numberOfItems: j.items.length,
          vendorBasedBookkeeping: false,
        }));
      return json(res, 200, { data, pagination: { hasNextPage: false, hasPreviousPage: false } });
    }
    if (line === 'GET /v3/export-items') {
      if (!need('export-items:read')) return;
      const job = this.jobs.get(url.searchParams.get('job_id') ?? '');
      if (!job || job.companyId !== k.companyId) return json(res, 404, { type: 'EXPORT_NOT_FOUND', message: 'Export job not found.' });
      if (job.status !== 'pending' && job.status !== 'in_progress')
        return json(res, 422, { type: 'EXPORT_JOB_STATUS_UNPROCESSABLE', message: 'finished' });
      const offset = url.searchParams.get('after') ? Number(url.searchParams.get('after')!.slice(1)) : 0;
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const data = job.items.slice(offset, offset + limit);
      const end = offset + data.length;
      return json(res, 200, {
        data,
        pagination: { hasNextPage: end < job.items.length, hasPreviousPage: offset > 0, endCursor: `C${end}`, total: job.items.length },
      });
    }
    const itemsPath = /^PUT \/v3\/export-jobs\/([^/]+)\/items$/.exec(line);
    if (itemsPath) {
      if (!need('export-jobs:write')) return;
      const job = this.jobs.get(itemsPath[1]!);
      if (!job || job.companyId !== k.companyId) return json(res, 404, { type: 'EXPORT_NOT_FOUND', message: 'Export job not found.' });
      if (!Array.isArray(body) || body.length > 100)
        return json(res, 413, { type: 'EXPORT_JOB_ITEMS_UPDATE_LIMIT', message: 'more than 100' });
      job.putSizes.push(body.length);
      const errors = [];
      const data = [];
      for (const u of body as UpdateExportJobItem[]) {
        if (!job.items.some((i) => i.accountingEntryId === u.accountingEntryId)) {
          errors.push({ accountingEntryId: u.accountingEntryId, type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST', message: 'no such entry' });
          continue;
        }
        job.updates.set(u.accountingEntryId, u);
        data.push({ ...u, exportJobId: job.id });
      }
      return json(res, 200, { data, errors });
    }
    if (line === 'POST /v3/export-job-events') {
      if (!need('export-jobs:write')) return;
      const job = this.jobs.get(body.jobId);
      if (!job || job.companyId !== k.companyId) return json(res, 404, { type: 'EXPORT_NOT_FOUND', message: 'Export job not found.' });
      const allowed = body.event === 'started' ? job.status === 'pending' : job.status === 'in_progress';
      if (!allowed) return json(res, 422, { type: 'INVALID_EXPORT_JOB_STATUS_CHANGE', message: 'Export Job status change failed' });
      job.status = body.event === 'started' ? 'in_progress' : body.event;
      job.failureReasonType = body.failureReasonType;
      this.events.push({ jobId: job.id, event: body.event, failureReasonType: body.failureReasonType });
      res.writeHead(202);
      res.end();
      return;
    }
    json(res, 404, { type: 'NOT_FOUND', message: `no route ${line}` });
  }
}
