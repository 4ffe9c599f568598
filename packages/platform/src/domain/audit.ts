import { maskKeys } from '@latchkey/keys';
import type { AuditEvent } from '../db/schema.ts';
import { newId, nowIso, parseJson } from '../util/ids.ts';
import type { Actor, Executor } from './context.ts';

export interface AuditInput {
  action: string;
  companyId?: string | null;
  integrationId?: string | null;
  target?: { type: string; id: string };
  /** Never a key: only ids, hints, reasons and similar (and anything shaped like a key is masked on the way in). */
  details?: Record<string, unknown>;
}

/** Every text field of an audit event passes maskKeys: a key pasted into a reason or a name is stored as its hint. */
export async function recordAudit(db: Executor, actor: Actor, input: AuditInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      at: nowIso(),
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: maskKeys(actor.label),
      company_id: input.companyId ?? null,
      integration_id: input.integrationId ?? null,
      action: maskKeys(input.action),
      target_type: input.target?.type ?? null,
      target_id: input.target ? maskKeys(input.target.id) : null,
      ip: actor.ip ?? null,
      details: maskKeys(JSON.stringify(input.details ?? {})),
    })
    .execute();
}

export interface AuditView {
  id: string;
  at: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  companyId: string | null;
  integrationId: string | null;
  target: { type: string; id: string } | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export function toAuditView(e: AuditEvent): AuditView {
  return {
    id: e.id,
    at: e.at,
    actor: { type: e.actor_type, id: e.actor_id, label: e.actor_label },
    action: e.action,
    companyId: e.company_id,
    integrationId: e.integration_id,
    target: e.target_type && e.target_id ? { type: e.target_type, id: e.target_id } : null,
    ip: e.ip,
    details: parseJson(e.details, {}),
  };
}

export async function listAudit(
  db: Executor,
  filter: { companyId?: string; integrationId?: string; limit?: number; before?: string },
): Promise<AuditView[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (filter.companyId) q = q.where('company_id', '=', filter.companyId);
  if (filter.integrationId) q = q.where('integration_id', '=', filter.integrationId);
  if (filter.before) q = q.where('at', '<', filter.before);
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(filter.limit ?? 100, 500))
    .execute();
  return rows.map(toAuditView);
}
