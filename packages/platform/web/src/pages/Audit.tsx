import { useEffect, useState } from 'react';
import { type AuditEntry, api, errorMessage, type AuditPage as Page } from '../api.ts';
import { Empty, ErrorBanner, Loading, PageHeader } from '../components/ui.tsx';
import { describeAction, formatDateTime, graceLabel } from '../format.ts';
import { useTitle } from '../router.tsx';
import { useSignedIn } from '../session.tsx';

/** Who did what, when and from where. Staff see everything; company owners and admins their company’s. */
export function AuditPage() {
  useTitle('Audit log');
  const session = useSignedIn();
  const staff = session.user.kind === 'staff';
  const [events, setEvents] = useState<AuditEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api<Page>('GET', '/audit?limit=50')
      .then((p) => {
        if (!live) return;
        setEvents(p.data);
        setHasMore(p.hasMore);
        setError(null);
      })
      .catch((err) => live && setError(errorMessage(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [attempt]);

  async function more() {
    const last = events.at(-1);
    if (!last) return;
    setLoading(true);
    try {
      const p = await api<Page>('GET', `/audit?limit=50&before=${encodeURIComponent(last.at)}`);
      setEvents((e) => [...e, ...p.data]);
      setHasMore(p.hasMore);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        lead={
          staff
            ? 'Every recorded decision on the platform.'
            : `Everything that happened to ${session.user.companyName}’s integrations and keys.`
        }
      />
      <ErrorBanner message={error} onRetry={() => setAttempt((a) => a + 1)} />
      {loading && events.length === 0 && <Loading what="Loading the audit log" />}
      {!loading && !error && events.length === 0 && <Empty title="Nothing recorded yet" />}
      {events.length > 0 && (
        <div className="table-wrap">
          <table className="table audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Integration</th>
                {staff && <th scope="col">Company</th>}
                <th scope="col">IP address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.actor.label}</td>
                  <td>
                    {describeAction(e.action)}
                    <div className="small muted">
                      <code>{e.action}</code>
                    </div>
                  </td>
                  <td>{e.integrationName ?? '—'}</td>
                  {staff && <td>{e.companyName ?? '—'}</td>}
                  <td>
                    <code>{e.ip ?? '—'}</code>
                  </td>
                  <td className="small">{describeDetails(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && (
        <button type="button" className="button" onClick={more} disabled={loading}>
          {loading ? 'Loading…' : 'Load older events'}
        </button>
      )}
    </>
  );
}

/** Details hold ids, hints, scopes and reasons only — never a key. */
function describeDetails(d: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof d.keyHint === 'string') parts.push(`key ${d.keyHint}`);
  if (typeof d.newKeyHint === 'string') parts.push(`new key ${d.newKeyHint}`);
  if (Array.isArray(d.oldKeyHints) && d.oldKeyHints.length) parts.push(`old ${d.oldKeyHints.join(', ')}`);
  if (typeof d.graceSeconds === 'number') parts.push(`grace ${graceLabel(d.graceSeconds).replace(' — stop it now', '')}`);
  if (Array.isArray(d.scopes)) parts.push(`scopes ${d.scopes.join(' ')}`);
  if (Array.isArray(d.approvedScopes)) parts.push(`approved ${d.approvedScopes.join(' ')}`);
  if (typeof d.reason === 'string' && d.reason) parts.push(`“${d.reason}”`);
  if (typeof d.from === 'string' && typeof d.to === 'string') parts.push(`${d.from} → ${d.to}${d.errorCode ? ` (${d.errorCode})` : ''}`);
  if (typeof d.revokedKeys === 'number') parts.push(`${d.revokedKeys} key(s) revoked`);
  if (typeof d.role === 'string') parts.push(`role ${d.role}`);
  if (typeof d.partnerName === 'string') parts.push(d.partnerName);
  return parts.join(' · ') || '—';
}
