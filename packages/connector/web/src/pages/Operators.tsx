import { VISIBLE_STATES, type VisibleState } from '@latchkey/connector/connections/states.ts';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type OperatorOverview } from '../api.ts';
import { Badge, Banner, Loading } from '../components/ui.tsx';
import { errorTitle, formatDateTime, relative, STATE_LABEL } from '../format.ts';
import { useTitle } from '../router.tsx';
import { useConfig } from '../session.tsx';

/** Every customer connection: tenant, state, company, last check, last error. Masks only, never a key. */
export function OperatorsPage() {
  const config = useConfig();
  useTitle('Connections overview', config.appName);
  const [filter, setFilter] = useState<VisibleState | null>(null);
  const [data, setData] = useState<OperatorOverview | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await api<OperatorOverview>('GET', `/operator/connections${filter ? `?state=${filter}` : ''}`));
      setLoadedAt(new Date().toISOString());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [filter]);

  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 30_000);
    return () => clearInterval(t);
  }, [load]);

  return (
    <div className="page page-wide">
      <header className="page-header page-header-row">
        <div>
          <h1>Connections overview</h1>
          <p className="lead">Every customer’s connection to {config.platformName}. Keys are never shown here — only their masks.</p>
        </div>
        <button type="button" className="button button-secondary" onClick={() => void load()}>
          Refresh
        </button>
      </header>
      {error && (
        <Banner tone="error" role="alert">
          {error}
        </Banner>
      )}
      {!data ? (
        <Loading what="Loading connections" />
      ) : (
        <>
          <fieldset className="filters">
            <legend className="sr-only">Filter by state</legend>
            <button
              type="button"
              className={`chip ${filter === null ? 'chip-on' : ''}`}
              aria-pressed={filter === null}
              onClick={() => setFilter(null)}
            >
              All <span className="chip-count">{data.total}</span>
            </button>
            {VISIBLE_STATES.map((s) => (
              <button
                key={s}
                type="button"
                className={`chip ${filter === s ? 'chip-on' : ''}`}
                aria-pressed={filter === s}
                onClick={() => setFilter(filter === s ? null : s)}
              >
                {STATE_LABEL[s].label} <span className="chip-count">{data.counts[s] ?? 0}</span>
              </button>
            ))}
          </fieldset>
          {data.data.length === 0 ? (
            <p className="empty">No connections{filter ? ` in state “${STATE_LABEL[filter].label}”` : ' yet'}.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="operator-table">
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">State</th>
                    <th scope="col">Company</th>
                    <th scope="col">Key</th>
                    <th scope="col">Last check</th>
                    <th scope="col">Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.map((c) => (
                    <tr key={c.id} data-connection-id={c.id}>
                      <td>
                        <div>{c.tenantName ?? c.tenantId}</div>
                        <div className="muted small mono">{c.id.slice(0, 8)}</div>
                      </td>
                      <td>
                        <Badge tone={STATE_LABEL[c.state].tone}>{STATE_LABEL[c.state].label}</Badge>
                        {c.reportedStatus && (
                          <div className="muted small">
                            {config.platformName}: {c.reportedStatus}
                          </div>
                        )}
                      </td>
                      <td>
                        <div>{c.companyName ?? '—'}</div>
                        <div className="muted small mono">{c.companyId ?? ''}</div>
                      </td>
                      <td>
                        <code>{c.keyMask ?? '—'}</code>
                      </td>
                      <td>
                        {c.lastCheckedAt ? (
                          <span title={formatDateTime(c.lastCheckedAt)}>{relative(c.lastCheckedAt)}</span>
                        ) : (
                          <span className="muted">never</span>
                        )}
                      </td>
                      <td className="error-cell">
                        {c.lastError ? (
                          <>
                            <div className="error-class">{errorTitle(c.lastError.errorClass, config.platformName)}</div>
                            {c.lastError.message && <div className="muted small">{c.lastError.message}</div>}
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {loadedAt && <p className="muted small">Updated {formatDateTime(loadedAt)}; refreshes every 30 seconds.</p>}
        </>
      )}
    </div>
  );
}
