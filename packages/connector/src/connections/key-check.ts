import { missingScopes } from '@latchkey/keys';
import { type ApiSession, type CallOptions, companyIdFromUrn, type PlatformClient, scopesOf } from '../client/client.ts';
import type { Installation, Introspection } from '../client/types.ts';
import type { Vault } from '../vault/vault.ts';
import type { ConnectionRow } from './store.ts';

/**
 * The two things the connect flow and the health monitor both do with a key: decrypt a stored one
 * into an API session, and ask the platform which company it belongs to and what it may do.
 */

/** A stored connection's key as an API session. The secret is bound to (tenant, connection): a row's secret decrypts only as its own. */
export function openStoredKey(vault: Vault, client: PlatformClient, row: Pick<ConnectionRow, 'id' | 'tenant_id' | 'secret'>): ApiSession {
  if (!row.secret) throw new Error(`connection ${row.id} holds no key`);
  return client.withKey(vault.decrypt(row.secret, { tenantId: row.tenant_id, connectionId: row.id }));
}

export interface KeyInspection {
  introspection: Introspection;
  /** From the installation when given, else introspection's `subjectURN`; undefined when the URN names no company. */
  companyId: string | undefined;
  /** The URN the company id was read from (for messages). */
  urn: string;
  scopes: string[];
  /** Required scopes the key lacks. */
  missing: string[];
}

/**
 * `GET /v1/introspect`: the key's scopes against `requiredScopes`, and its company. The connect flow
 * passes the installation its test call returned; the health check passes none, and the company comes
 * from `subjectURN` — one call per check — or, from a platform that leaves it out (it is optional in
 * Pleo's schema), from `GET /v1/installations/me`. Platform errors are thrown for the caller's verdict.
 */
export async function inspectKey(
  session: ApiSession,
  requiredScopes: readonly string[],
  call: CallOptions,
  installation?: Installation,
): Promise<KeyInspection> {
  const introspection = await session.introspect(call);
  const urn = installation?.resource ?? introspection.subjectURN ?? (await session.getInstallation(call)).resource;
  const scopes = scopesOf(introspection);
  return { introspection, companyId: companyIdFromUrn(urn), urn, scopes, missing: missingScopes(scopes, requiredScopes) };
}
