import { randomBytes } from 'node:crypto';
import { isScope, normalizeScopes, type Scope } from '@latchkey/keys';
import { sql } from 'kysely';
import type { Integration, IntegrationStatus } from '../db/schema.ts';
import { isUuidShaped, newId, nowIso, parseJson } from '../util/ids.ts';
import { type TargetPolicy, urlProblem } from '../webhooks/targets.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Executor } from './context.ts';
import { conflict, invalid, notFound } from './errors.ts';
import { isUniqueViolation } from './resources/common.ts';

export interface RequestedScope {
  scope: Scope;
  reason: string;
}

/** What a partner submits for the marketplace. */
export interface MarketplaceDetails {
  name: string;
  description: string;
  logoUrl?: string | null;
  brandColor?: string | null;
  supportEmail: string;
  supportUrl?: string | null;
  features: string[];
  requestedScopes: RequestedScope[];
  connectUrl: string;
  webhookUrl?: string | null;
}

export interface IntegrationView {
  id: string;
  clientId: string;
  partnerId: string;
  name: string;
  slug: string;
  description: string;
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string;
  supportUrl: string | null;
  features: string[];
  requestedScopes: RequestedScope[];
  approvedScopes: Scope[] | null;
  status: IntegrationStatus;
  reviewReason: string | null;
  reviewedAt: string | null;
  connectUrl: string;
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toIntegrationView(row: Integration): IntegrationView {
  return {
    id: row.id,
    clientId: row.client_id,
    partnerId: row.partner_id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    logoUrl: row.logo_url,
    brandColor: row.brand_color,
    supportEmail: row.support_email,
    supportUrl: row.support_url,
    features: parseJson(row.features, []),
    requestedScopes: parseJson(row.requested_scopes, []),
    approvedScopes: parseJson(row.approved_scopes, null),
    status: row.status,
    reviewReason: row.review_reason,
    reviewedAt: row.reviewed_at,
    connectUrl: row.connect_url,
    webhookUrl: row.webhook_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkUrl(field: string, value: string | null | undefined, required: boolean): void {
  if (!value) {
    if (required) throw invalid(`${field} is required`);
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${field} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`${field} must be an http(s) URL`);
}

/**
 * `webhookPolicy`, when given, refuses at once a webhook URL that delivery would refuse for its scheme or an
 * IP-literal host; host names are vetted at send time, after resolving them (see webhooks/targets.ts).
 */
export function validateDetails(d: MarketplaceDetails, webhookPolicy?: TargetPolicy): void {
  if (!d.name?.trim() || d.name.length > 80) throw invalid('name is required (at most 80 characters)');
  if (isUuidShaped(d.name) || isUuidShaped(slugify(d.name))) throw invalid('name must not look like an id (a UUID)');
  if (!d.description?.trim()) throw invalid('description is required');
  if (!EMAIL_RE.test(d.supportEmail ?? '')) throw invalid('supportEmail must be an email address');
  checkUrl('connectUrl', d.connectUrl, true);
  checkUrl('webhookUrl', d.webhookUrl, false);
  const webhookProblem = d.webhookUrl && webhookPolicy ? urlProblem(d.webhookUrl, webhookPolicy) : null;
  if (webhookProblem) throw invalid(`webhookUrl ${webhookProblem}`);
  checkUrl('supportUrl', d.supportUrl, false);
  checkUrl('logoUrl', d.logoUrl, false);
  if (d.brandColor && !/^#[0-9a-fA-F]{6}$/.test(d.brandColor)) throw invalid('brandColor must look like #1a2b3c');
  if (!Array.isArray(d.requestedScopes) || d.requestedScopes.length === 0) throw invalid('request at least one scope');
  for (const r of d.requestedScopes) {
    if (!isScope(r.scope)) throw invalid(`unknown scope "${r.scope}"`);
    if (!r.reason?.trim()) throw invalid(`give a reason for ${r.scope}`);
  }
}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'integration'
  );
}

export async function createPartner(db: Executor, input: { name: string; contactEmail: string }): Promise<string> {
  if (!input.name?.trim()) throw invalid('partner name is required');
  if (!EMAIL_RE.test(input.contactEmail ?? '')) throw invalid('contactEmail must be an email address');
  const id = newId();
  await db
    .insertInto('partners')
    .values({ id, name: input.name.trim(), contact_email: input.contactEmail, created_at: nowIso() })
    .execute();
  return id;
}

/** A partner submits (or resubmits) an integration for review. */
export async function submitIntegration(
  db: Executor,
  actor: Actor,
  partnerId: string,
  details: MarketplaceDetails,
  opts: { webhookPolicy?: TargetPolicy } = {},
): Promise<IntegrationView> {
  validateDetails(details, opts.webhookPolicy);
  const partner = await db.selectFrom('partners').select('id').where('id', '=', partnerId).executeTakeFirst();
  if (!partner) throw notFound('partner not found');
  const name = details.name.trim();
  if (await integrationNamed(db, name)) throw conflict(`an integration named "${name}" exists; choose another name`);
  let slug = slugify(name);
  if (await db.selectFrom('integrations').select('id').where('slug', '=', slug).executeTakeFirst()) slug = `${slug}-${newId().slice(0, 6)}`;
  const at = nowIso();
  const row = {
    id: newId(),
    client_id: newId(),
    partner_id: partnerId,
    name,
    slug,
    description: details.description.trim(),
    logo_url: details.logoUrl ?? null,
    brand_color: details.brandColor ?? null,
    support_email: details.supportEmail,
    support_url: details.supportUrl ?? null,
    features: JSON.stringify(details.features ?? []),
    requested_scopes: JSON.stringify(details.requestedScopes.map((r) => ({ scope: r.scope, reason: r.reason.trim() }))),
    approved_scopes: null,
    status: 'pending' as const,
    review_reason: null,
    reviewed_by: null,
    reviewed_at: null,
    connect_url: details.connectUrl,
    webhook_url: details.webhookUrl ?? null,
    webhook_secret: `whsec_${randomBytes(32).toString('base64')}`,
    created_at: at,
    updated_at: at,
  };
  try {
    await db.insertInto('integrations').values(row).execute();
  } catch (err) {
    // A concurrent submission took the name (or slug) first: the unique indexes decide.
    if (isUniqueViolation(err)) throw conflict(`an integration named "${name}" exists; choose another name`);
    throw err;
  }
  await recordAudit(db, actor, { action: 'integration.submitted', integrationId: row.id, target: { type: 'integration', id: row.id } });
  return toIntegrationView(row);
}

/** Names are unique case-insensitively (the `integrations_name_ci` index on `lower(name)` enforces it). */
function integrationNamed(db: Executor, name: string) {
  return db.selectFrom('integrations').select('id').where(sql<string>`lower(name)`, '=', sql<string>`lower(${name})`).executeTakeFirst();
}

/** By id only: every route and domain operation names an integration by its id. */
export async function getIntegration(db: Executor, id: string): Promise<Integration> {
  const row = await db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`integration "${id}" not found`);
  return row;
}

/**
 * For people typing at the CLI: an exact id, or else a slug (unique, and never shaped like an id, so the
 * two cannot be confused). Names are not accepted: a name is whatever a partner typed.
 */
export async function findIntegrationByIdOrSlug(db: Executor, idOrSlug: string): Promise<Integration> {
  const row = isUuidShaped(idOrSlug)
    ? await db.selectFrom('integrations').selectAll().where('id', '=', idOrSlug).executeTakeFirst()
    : await db.selectFrom('integrations').selectAll().where('slug', '=', idOrSlug).executeTakeFirst();
  if (!row) throw notFound(`integration "${idOrSlug}" not found (give its id or slug: see \`latchkey integrations list\`)`);
  return row;
}

export async function listIntegrations(
  db: Executor,
  filter: { status?: IntegrationStatus; partnerId?: string } = {},
): Promise<IntegrationView[]> {
  let q = db.selectFrom('integrations').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.partnerId) q = q.where('partner_id', '=', filter.partnerId);
  return (await q.orderBy('created_at').execute()).map(toIntegrationView);
}

export type ReviewDecision = { decision: 'approve'; approvedScopes: string[]; reason?: string } | { decision: 'reject'; reason: string };

/** Staff approve (scopes ⊆ requested) or reject (with a reason). Only approved integrations reach the marketplace. */
export async function reviewIntegration(
  db: Executor,
  actor: Actor,
  integrationId: string,
  review: ReviewDecision,
): Promise<IntegrationView> {
  const row = await getIntegration(db, integrationId);
  const at = nowIso();
  let approved: Scope[] | null = null;
  if (review.decision === 'approve') {
    const requested = new Set(parseJson<RequestedScope[]>(row.requested_scopes, []).map((r) => r.scope as string));
    const beyond = review.approvedScopes.filter((s) => !requested.has(s));
    if (beyond.length) throw invalid(`approved scopes must be among those requested; not requested: ${beyond.join(', ')}`);
    approved = normalizeScopes(review.approvedScopes);
    if (approved.length === 0) throw invalid('approve at least one scope');
  } else if (!review.reason?.trim()) {
    throw invalid('a rejection needs a reason');
  }
  if (row.status !== 'pending' && review.decision === 'approve' && row.status === 'approved') {
    throw conflict('integration is already approved');
  }
  await db
    .updateTable('integrations')
    .set({
      status: review.decision === 'approve' ? 'approved' : 'rejected',
      approved_scopes: approved ? JSON.stringify(approved) : null,
      review_reason: review.reason?.trim() || null,
      reviewed_by: actor.id,
      reviewed_at: at,
      updated_at: at,
    })
    .where('id', '=', row.id)
    .execute();
  await recordAudit(db, actor, {
    action: review.decision === 'approve' ? 'integration.approved' : 'integration.rejected',
    integrationId: row.id,
    target: { type: 'integration', id: row.id },
    details: { approvedScopes: approved, reason: review.reason ?? null },
  });
  return toIntegrationView(await getIntegration(db, row.id));
}
