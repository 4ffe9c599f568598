import { randomBytes } from 'node:crypto';
import { paginate } from '../db/paginate.ts';
import type {
  SubscriptionOperation,
  SubscriptionStatus,
  WebhookSubscription,
  WebhookSubscriptionActivity,
} from '../db/subscriptions-schema.ts';
import { nowIso, parseJson } from '../util/ids.ts';
import type { Executor } from './context.ts';
import { DomainError, forbidden, invalid, notFound } from './errors.ts';
import { compact, echo, inTransaction, type PageRequest, timeOrderedId } from './resources/common.ts';
import { SUBSCRIPTION_EVENT_SCOPES, SUBSCRIPTION_EVENTS, type SubscriptionEvent } from './webhooks.ts';

/**
 * Webhook subscriptions (Pleo's `/v1/subscriptions`). Each belongs to the installation whose key created it:
 * another installation's subscription, even in the same company, does not exist for the caller. Deleting is
 * soft (the record and its activities stay readable by id), and every change is an activity.
 */
export const MAX_SUBSCRIPTIONS_PER_INSTALLATION = 20;
const MAX_HEADERS = 20;
const MAX_URL_LENGTH = 2048;

/** Who is calling: the key's installation, its company and scopes. */
export interface SubscriptionOwner {
  installationId: string;
  integrationId: string;
  companyId: string;
  scopes: ReadonlySet<string>;
  /** Recorded as the activity's actor and `deletedBy` (the key's subject, e.g. `urn:pleo:company:…`). */
  actorUrn: string;
}

export type EndpointAuthType = 'NONE' | 'BASIC';

export interface SubscriptionInput {
  endpointUrl: string;
  eventTypes: string[];
  status?: SubscriptionStatus;
  customHeaders?: Record<string, string>;
  endpointAuth?: { type?: EndpointAuthType; credentials?: { username?: string; password?: string; token?: string } };
}

/** Pleo's SubscriptionModel. Endpoint credentials are write-only: the password is never returned. */
export interface SubscriptionModel {
  id: string;
  endpointUrl: string;
  eventTypes: string[];
  status: SubscriptionStatus;
  customHeaders?: Record<string, string>;
  endpointAuth: { type: EndpointAuthType; credentials?: { username: string } };
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  deletedBy?: string;
}

export interface SubscriptionActivityModel {
  id: string;
  subscriptionId: string;
  operationType: SubscriptionOperation;
  description: string;
  actorUrn: string;
  createdAt: string;
}

/** What the delivery worker needs to send to a subscription's endpoint besides the signature. */
export interface StoredEndpointAuth {
  type: 'BASIC';
  username: string;
  password: string;
}

export function toSubscriptionModel(row: WebhookSubscription): SubscriptionModel {
  const auth = parseJson<StoredEndpointAuth | null>(row.endpoint_auth, null);
  return compact({
    id: row.id,
    endpointUrl: row.endpoint_url,
    eventTypes: parseJson<string[]>(row.event_types, []),
    status: row.status,
    customHeaders: row.custom_headers ? parseJson<Record<string, string>>(row.custom_headers, {}) : undefined,
    endpointAuth: auth ? { type: auth.type, credentials: { username: auth.username } } : { type: 'NONE' as const },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at ?? undefined,
    deletedBy: row.deleted_by ?? undefined,
  });
}

const toActivityModel = (row: WebhookSubscriptionActivity): SubscriptionActivityModel => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  operationType: row.operation_type,
  description: row.description,
  actorUrn: row.actor_urn,
  createdAt: row.created_at,
});

/** Headers the platform sets itself (signature, framing, identity): a subscription may not override them. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'cookie',
  'expect',
  'host',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
// Visible ASCII, space and tab: no CR/LF (header injection) and no NUL.
const HEADER_VALUE = /^[\t\x20-\x7e]{0,1000}$/;

function checkUrl(value: string): void {
  let url: URL;
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH)
    throw invalid(`endpointUrl must be an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0020\u007f]/.test(value)) throw invalid('endpointUrl must not contain spaces or control characters');
  try {
    url = new URL(value);
  } catch {
    throw invalid('endpointUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('endpointUrl must be an http(s) URL');
  if (url.username || url.password) throw invalid('endpointUrl must not contain credentials; use endpointAuth');
}

interface Checked {
  eventTypes: SubscriptionEvent[];
  customHeaders: string | null;
  endpointAuth: string | null;
}

/** Validates a request (the route's schema checked shapes; this checks meaning) and the key's right to each event. */
function check(owner: SubscriptionOwner, input: SubscriptionInput): Checked {
  checkUrl(input.endpointUrl);
  if (!Array.isArray(input.eventTypes) || !input.eventTypes.length) throw invalid('eventTypes must name at least one event type');
  const eventTypes = [...new Set(input.eventTypes)] as SubscriptionEvent[];
  for (const t of eventTypes) {
    if (!(SUBSCRIPTION_EVENTS as string[]).includes(t))
      throw invalid(`eventTypes: unknown event type "${t}"; known: ${SUBSCRIPTION_EVENTS.join(', ')}`);
    const scope = SUBSCRIPTION_EVENT_SCOPES[t as SubscriptionEvent];
    if (!owner.scopes.has(scope)) throw forbidden(`This API key lacks the scope "${scope}" required to subscribe to ${t}.`);
  }
  const basic = input.endpointAuth?.type === 'BASIC';
  const headers = Object.entries(input.customHeaders ?? {});
  if (headers.length > MAX_HEADERS) throw invalid(`customHeaders: at most ${MAX_HEADERS} headers`);
  const seen = new Set<string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) throw invalid(`customHeaders: "${name.slice(0, 100)}" is not a valid header name`);
    if (RESERVED_HEADERS.has(lower) && !(lower === 'authorization' && !basic))
      throw invalid(`customHeaders: "${name}" is set by the platform and cannot be overridden`);
    if (lower.startsWith('webhook-')) throw invalid(`customHeaders: "${name}" is reserved for the webhook signature`);
    if (seen.has(lower)) throw invalid(`customHeaders: "${name}" is given twice`);
    seen.add(lower);
    if (typeof value !== 'string' || !HEADER_VALUE.test(value))
      throw invalid(`customHeaders.${name} must be printable ASCII of at most 1000 characters`);
  }
  let endpointAuth: string | null = null;
  if (basic) {
    const { username, password } = input.endpointAuth?.credentials ?? {};
    if (!username || username.includes(':') || !HEADER_VALUE.test(username))
      throw invalid('endpointAuth.credentials.username is required for BASIC (printable, no colon)');
    if (typeof password !== 'string' || !HEADER_VALUE.test(password))
      throw invalid('endpointAuth.credentials.password is required for BASIC (printable)');
    endpointAuth = JSON.stringify({ type: 'BASIC', username, password } satisfies StoredEndpointAuth);
  }
  return { eventTypes, customHeaders: headers.length ? JSON.stringify(Object.fromEntries(headers)) : null, endpointAuth };
}

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes (the shape of Pleo's example). */
const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

const subscriptionNotFound = (id: string) => notFound(`Subscription ${id} not found.`, 'SUBSCRIPTION_NOT_FOUND');

async function mustGet(db: Executor, owner: SubscriptionOwner, id: string, opts: { deleted?: boolean } = {}): Promise<WebhookSubscription> {
  const row = await db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where('installation_id', '=', owner.installationId)
    .where('company_id', '=', owner.companyId)
    .$if(!opts.deleted, (q) => q.where('deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw subscriptionNotFound(id);
  return row;
}

const DESCRIPTIONS: Record<SubscriptionOperation, string> = {
  CREATE: 'Subscription created',
  UPDATE: 'Subscription updated',
  DELETE: 'Subscription deleted',
};

async function recordActivity(db: Executor, owner: SubscriptionOwner, subscriptionId: string, op: SubscriptionOperation, at: string) {
  await db
    .insertInto('webhook_subscription_activities')
    .values({
      id: timeOrderedId(),
      subscription_id: subscriptionId,
      operation_type: op,
      description: DESCRIPTIONS[op],
      actor_urn: owner.actorUrn,
      created_at: at,
    })
    .execute();
}

export async function createSubscription(db: Executor, owner: SubscriptionOwner, input: SubscriptionInput): Promise<SubscriptionModel> {
  const c = check(owner, input);
  return inTransaction(db, async (trx) => {
    const count = await trx
      .selectFrom('webhook_subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('installation_id', '=', owner.installationId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_SUBSCRIPTIONS_PER_INSTALLATION)
      throw new DomainError(
        'invalid',
        `At most ${MAX_SUBSCRIPTIONS_PER_INSTALLATION} subscriptions per installation; delete one first.`,
        'TOO_MANY_SUBSCRIPTIONS',
      );
    const at = nowIso();
    const row: WebhookSubscription = {
      id: timeOrderedId(),
      installation_id: owner.installationId,
      integration_id: owner.integrationId,
      company_id: owner.companyId,
      endpoint_url: input.endpointUrl,
      event_types: JSON.stringify(c.eventTypes),
      status: input.status ?? 'ACTIVE',
      custom_headers: c.customHeaders,
      endpoint_auth: c.endpointAuth,
      secret: newSecret(),
      created_at: at,
      updated_at: at,
      deleted_at: null,
      deleted_by: null,
    };
    await trx.insertInto('webhook_subscriptions').values(row).execute();
    await recordActivity(trx, owner, row.id, 'CREATE', at);
    return toSubscriptionModel(row);
  });
}

export interface SubscriptionFilter {
  status?: SubscriptionStatus;
  eventTypes?: string[];
}

/** The installation's subscriptions (deleted ones excluded), optionally by status and by any of the event types. */
export async function listSubscriptions(db: Executor, owner: SubscriptionOwner, filter: SubscriptionFilter, page: PageRequest) {
  const types = [...new Set(filter.eventTypes ?? [])];
  for (const t of types) if (!(SUBSCRIPTION_EVENTS as string[]).includes(t)) throw invalid(`event_types: unknown event type "${t}"`);
  let q = db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('installation_id', '=', owner.installationId)
    .where('company_id', '=', owner.companyId)
    .where('deleted_at', 'is', null);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (types.length) q = q.where((eb) => eb.or(types.map((t) => eb('event_types', 'like', `%"${t}"%`))));
  const result = await paginate(q, 'id', page, echo({ status: filter.status, event_types: types.length ? types : undefined }));
  return { data: result.data.map(toSubscriptionModel), pagination: result.pagination };
}

/** By id, deleted ones included (with `deletedAt`/`deletedBy`). */
export async function getSubscription(db: Executor, owner: SubscriptionOwner, id: string): Promise<SubscriptionModel> {
  return toSubscriptionModel(await mustGet(db, owner, id, { deleted: true }));
}

/** PUT: replaces the subscription's settings (absent optional fields are cleared; status defaults to ACTIVE). */
export async function updateSubscription(
  db: Executor,
  owner: SubscriptionOwner,
  id: string,
  input: SubscriptionInput,
): Promise<SubscriptionModel> {
  const c = check(owner, input); // like a route scope, the event scopes answer 403 before any lookup
  return inTransaction(db, async (trx) => {
    const row = await mustGet(trx, owner, id);
    const at = nowIso();
    const next: WebhookSubscription = {
      ...row,
      endpoint_url: input.endpointUrl,
      event_types: JSON.stringify(c.eventTypes),
      status: input.status ?? 'ACTIVE',
      custom_headers: c.customHeaders,
      endpoint_auth: c.endpointAuth,
      updated_at: at,
    };
    await trx
      .updateTable('webhook_subscriptions')
      .set({
        endpoint_url: next.endpoint_url,
        event_types: next.event_types,
        status: next.status,
        custom_headers: next.custom_headers,
        endpoint_auth: next.endpoint_auth,
        updated_at: at,
      })
      .where('id', '=', row.id)
      .execute();
    await recordActivity(trx, owner, row.id, 'UPDATE', at);
    return toSubscriptionModel(next);
  });
}

/** Soft delete: nothing more is delivered to it (pending deliveries are dropped when due); it stays readable by id. */
export async function deleteSubscription(db: Executor, owner: SubscriptionOwner, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await mustGet(trx, owner, id);
    const at = nowIso();
    const done = await trx
      .updateTable('webhook_subscriptions')
      .set({ status: 'INACTIVE', deleted_at: at, deleted_by: owner.actorUrn, updated_at: at })
      .where('id', '=', row.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw subscriptionNotFound(id); // a concurrent delete won
    await recordActivity(trx, owner, row.id, 'DELETE', at);
  });
}

export async function listSubscriptionActivities(
  db: Executor,
  owner: SubscriptionOwner,
  id: string,
  filter: { operationTypes?: SubscriptionOperation[] },
  page: PageRequest,
) {
  await mustGet(db, owner, id, { deleted: true });
  const ops = [...new Set(filter.operationTypes ?? [])];
  let q = db.selectFrom('webhook_subscription_activities').selectAll().where('subscription_id', '=', id);
  if (ops.length) q = q.where('operation_type', 'in', ops);
  const result = await paginate(q, 'id', page, echo({ operation_types: ops.length ? ops : undefined }));
  return { data: result.data.map(toActivityModel), pagination: result.pagination };
}

/** The signing secret the integration verifies deliveries with (a deleted subscription has none any more). */
export async function getSubscriptionSecret(db: Executor, owner: SubscriptionOwner, id: string): Promise<{ secretKey: string }> {
  return { secretKey: (await mustGet(db, owner, id)).secret };
}
