import type { IntegrationStatus } from '../db/schema.ts';
import { parseJson } from '../util/ids.ts';
import type { AuditView } from './audit.ts';
import { listAudit } from './audit.ts';
import type { Executor } from './context.ts';
import { type IntegrationView, toIntegrationView } from './integrations.ts';

/** Integrations with the partner who submitted them, for the staff review queue. */
export interface ReviewItem extends IntegrationView {
  partnerName: string;
  partnerEmail: string;
}

export async function listForReview(db: Executor, status?: IntegrationStatus): Promise<ReviewItem[]> {
  const rows = await db
    .selectFrom('integrations')
    .innerJoin('partners', 'partners.id', 'integrations.partner_id')
    .selectAll('integrations')
    .select(['partners.name as partner_name', 'partners.contact_email as partner_email'])
    .$if(!!status, (q) => q.where('integrations.status', '=', status as IntegrationStatus))
    .orderBy('integrations.created_at')
    .execute();
  return rows.map((r) => ({ ...toIntegrationView(r), partnerName: r.partner_name, partnerEmail: r.partner_email }));
}

/** What a company member sees of an approved integration: no webhook details, scopes as approved. */
export interface MarketplaceEntry {
  id: string;
  name: string;
  slug: string;
  description: string;
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string;
  supportUrl: string | null;
  features: string[];
  scopes: string[];
  connectUrl: string;
  partnerName: string;
}

export async function listMarketplace(db: Executor): Promise<MarketplaceEntry[]> {
  const rows = await db
    .selectFrom('integrations')
    .innerJoin('partners', 'partners.id', 'integrations.partner_id')
    .selectAll('integrations')
    .select(['partners.name as partner_name'])
    .where('integrations.status', '=', 'approved')
    .orderBy('integrations.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    logoUrl: r.logo_url,
    brandColor: r.brand_color,
    supportEmail: r.support_email,
    supportUrl: r.support_url,
    features: parseJson<string[]>(r.features, []),
    scopes: parseJson<string[]>(r.approved_scopes, []),
    connectUrl: r.connect_url,
    partnerName: r.partner_name,
  }));
}

/** Audit events with the names of the integration and company they concern, for the audit log page. */
export interface AuditEntry extends AuditView {
  integrationName: string | null;
  companyName: string | null;
}

export async function listAuditEntries(
  db: Executor,
  filter: { companyId?: string; before?: string; limit?: number },
): Promise<AuditEntry[]> {
  const events = await listAudit(db, filter);
  const integrationIds = [...new Set(events.map((e) => e.integrationId).filter((x): x is string => !!x))];
  const companyIds = [...new Set(events.map((e) => e.companyId).filter((x): x is string => !!x))];
  const integrations = integrationIds.length
    ? await db.selectFrom('integrations').select(['id', 'name']).where('id', 'in', integrationIds).execute()
    : [];
  const companies = companyIds.length
    ? await db.selectFrom('companies').select(['id', 'name']).where('id', 'in', companyIds).execute()
    : [];
  const iName = new Map(integrations.map((i) => [i.id, i.name]));
  const cName = new Map(companies.map((c) => [c.id, c.name]));
  return events.map((e) => ({
    ...e,
    integrationName: e.integrationId ? (iName.get(e.integrationId) ?? null) : null,
    companyName: e.companyId ? (cName.get(e.companyId) ?? null) : null,
  }));
}
