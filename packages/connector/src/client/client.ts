import { PlatformProtocolError } from './errors.ts';
import { HttpCore, type HttpOptions, type RequestOptions } from './http.ts';
import {
  type Company,
  type CreateExportJobEvent,
  type ExportItem,
  type ExportJob,
  type ExportJobItem,
  type ExportJobItemStatus,
  type ExportJobItemUpdateResult,
  type ExportJobStatus,
  type Installation,
  type Introspection,
  MAX_ITEMS_PER_UPDATE,
  type Page,
  type PageQuery,
  type UpdateExportJobItem,
  type UpdateInstallationRequest,
} from './types.ts';

export type ClientOptions = HttpOptions;
export type CallOptions = Pick<RequestOptions, 'signal' | 'timeoutMs' | 'retries'>;

const COMPANY_URN = /^urn:pleo:company:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** Company id from an installation `resource` (`urn:pleo:company:<uuid>`), or undefined. */
export function companyIdFromUrn(resource: unknown): string | undefined {
  if (typeof resource !== 'string') return undefined;
  return COMPANY_URN.exec(resource)?.[1]?.toLowerCase();
}

/** Scopes from introspection's space-separated `scope`. */
export function scopesOf(introspection: Pick<Introspection, 'scope'>): string[] {
  return [...new Set(introspection.scope.split(/\s+/).filter(Boolean))];
}

/**
 * Client for the Pleo-compatible external API. Holds no key: `withKey(key)` returns a session
 * that sends it (HTTP Basic, key as user name, empty password) and keeps it in a private field,
 * so logging or serialising the session shows no secret.
 */
export class PlatformClient {
  readonly #core: HttpCore;

  constructor(opts: ClientOptions) {
    this.#core = new HttpCore(opts);
  }

  get baseUrl(): string {
    return this.#core.baseUrl;
  }

  withKey(key: string): ApiSession {
    return new ApiSession(this.#core, key);
  }
}

function need(cond: boolean, method: string, path: string, what: string): void {
  if (!cond) throw new PlatformProtocolError(method, path, what);
}

function checkPage<T>(page: unknown, method: string, path: string): Page<T> {
  const p = page as Page<T>;
  need(!!p && Array.isArray(p.data), method, path, 'no `data` array');
  need(!!p.pagination && typeof p.pagination === 'object', method, path, 'no `pagination`');
  return p;
}

function checkInstallation(value: unknown, method: string, path: string): Installation {
  const i = value as Installation;
  need(!!i && typeof i.id === 'string', method, path, 'installation has no `id`');
  need(typeof i.resource === 'string', method, path, 'installation has no `resource`');
  need(typeof i.status === 'string', method, path, 'installation has no `status`');
  return i;
}

export class ApiSession {
  readonly #core: HttpCore;
  readonly #key: string;

  constructor(core: HttpCore, key: string) {
    this.#core = core;
    this.#key = key;
  }

  #call<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return this.#core.request<T>(this.#key, method, path, opts);
  }

  // ── installations (app-marketplace.yaml) ──────────────────────────────────────────────

  /** `GET /v1/installations/me` — the installation this key belongs to. */
  async getInstallation(opts: CallOptions = {}): Promise<Installation> {
    const path = '/v1/installations/me';
    return checkInstallation(await this.#call('GET', path, opts), 'GET', path);
  }

  /** `POST /v1/installations/me:activate` (a literal colon in the path). */
  async activateInstallation(opts: CallOptions = {}): Promise<Installation> {
    const path = '/v1/installations/me:activate';
    return checkInstallation(await this.#call('POST', path, opts), 'POST', path);
  }

  /** `PUT /v1/installations/me` — report status (`INACTIVE` + errorCode, or back to `ACTIVATED`) and metadata. */
  async updateInstallation(body: UpdateInstallationRequest, opts: CallOptions = {}): Promise<Installation> {
    const path = '/v1/installations/me';
    return checkInstallation(await this.#call('PUT', path, { ...opts, body }), 'PUT', path);
  }

  /** `DELETE /v1/installations/me` — uninstall on the platform; revokes every key of the installation. */
  async deleteInstallation(opts: CallOptions = {}): Promise<void> {
    await this.#call('DELETE', '/v1/installations/me', opts);
  }

  /** `GET /v1/introspect` — unwrapped `data`. */
  async introspect(opts: CallOptions = {}): Promise<Introspection> {
    const path = '/v1/introspect';
    const res = await this.#call<{ data?: Introspection }>('GET', path, opts);
    need(!!res?.data && typeof res.data.scope === 'string', 'GET', path, 'no `data.scope`');
    return res.data!;
  }

  // ── companies (companies-and-employees.yaml) ─────────────────────────────────────────

  /** `GET /v1/companies/{companyId}` (needs `companies:read`) — unwrapped `data`. */
  async getCompany(companyId: string, opts: CallOptions = {}): Promise<Company> {
    const path = `/v1/companies/${encodeURIComponent(companyId)}`;
    const res = await this.#call<{ data?: Company }>('GET', path, opts);
    need(!!res?.data && typeof res.data.id === 'string', 'GET', path, 'no `data.id`');
    return res.data!;
  }

  // ── export (export.yaml, v3) ──────────────────────────────────────────────────────────

  /** `GET /v3/export-jobs` (`statuses` repeats: `?statuses=pending&statuses=in_progress`). */
  async listExportJobs(
    q: PageQuery & { statuses?: readonly ExportJobStatus[]; companyId?: string } = {},
    opts: CallOptions = {},
  ): Promise<Page<ExportJob>> {
    const path = '/v3/export-jobs';
    const query = { statuses: q.statuses, company_id: q.companyId, after: q.after, before: q.before, offset: q.offset, limit: q.limit };
    return checkPage(await this.#call('GET', path, { ...opts, query }), 'GET', path);
  }

  /** `GET /v3/export-jobs/{jobId}` */
  async getExportJob(jobId: string, opts: CallOptions = {}): Promise<ExportJob> {
    const path = `/v3/export-jobs/${encodeURIComponent(jobId)}`;
    const res = await this.#call<{ data?: ExportJob }>('GET', path, opts);
    need(!!res?.data && typeof res.data.id === 'string', 'GET', path, 'no `data.id`');
    return res.data!;
  }

  /** `GET /v3/export-jobs/{jobId}/items` */
  async listExportJobItems(
    jobId: string,
    q: PageQuery & { status?: ExportJobItemStatus } = {},
    opts: CallOptions = {},
  ): Promise<Page<ExportJobItem>> {
    const path = `/v3/export-jobs/${encodeURIComponent(jobId)}/items`;
    const query = { status: q.status, after: q.after, before: q.before, offset: q.offset, limit: q.limit };
    return checkPage(await this.#call('GET', path, { ...opts, query }), 'GET', path);
  }

  /** `PUT /v3/export-jobs/{jobId}/items` — at most 100 items per call (throws before sending more). */
  async updateExportJobItems(
    jobId: string,
    items: readonly UpdateExportJobItem[],
    opts: CallOptions = {},
  ): Promise<ExportJobItemUpdateResult> {
    if (items.length > MAX_ITEMS_PER_UPDATE)
      throw new RangeError(`at most ${MAX_ITEMS_PER_UPDATE} export job items per update (got ${items.length})`);
    const path = `/v3/export-jobs/${encodeURIComponent(jobId)}/items`;
    const res = await this.#call<ExportJobItemUpdateResult>('PUT', path, { ...opts, body: items });
    need(!!res && Array.isArray(res.data), 'PUT', path, 'no `data` array');
    return { data: res.data, errors: Array.isArray(res.errors) ? res.errors : [] };
  }

  /** `POST /v3/export-job-events` (202, no body). */
  async createExportJobEvent(event: CreateExportJobEvent, opts: CallOptions = {}): Promise<void> {
    await this.#call('POST', '/v3/export-job-events', { ...opts, body: event });
  }

  /** `GET /v3/export-items?job_id=…` — the accounting entries to export. */
  async listExportItems(q: PageQuery & { jobId?: string } = {}, opts: CallOptions = {}): Promise<Page<ExportItem>> {
    const path = '/v3/export-items';
    const query = { job_id: q.jobId, after: q.after, before: q.before, offset: q.offset, limit: q.limit };
    return checkPage(await this.#call('GET', path, { ...opts, query }), 'GET', path);
  }

  /** Serialises without the key. */
  toJSON(): unknown {
    return { baseUrl: this.#core.baseUrl };
  }
}

/**
 * Walks a cursor-paginated list (`after` = previous `endCursor`). Stops on the last page, on a
 * missing or repeated cursor, or after `maxPages` — never loops forever on a misbehaving server.
 */
export async function* paginate<T>(
  fetchPage: (q: PageQuery) => Promise<Page<T>>,
  opts: { limit?: number; maxPages?: number } = {},
): AsyncGenerator<T, void, undefined> {
  const maxPages = opts.maxPages ?? 1000;
  const seen = new Set<string>();
  let after: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const page = await fetchPage({ after, limit: opts.limit });
    yield* page.data;
    const next = page.pagination.endCursor;
    if (!page.pagination.hasNextPage || !next || seen.has(next) || page.data.length === 0) return;
    seen.add(next);
    after = next;
  }
}
