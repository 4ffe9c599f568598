import { isLive } from '@latchkey/connector/connections/states.ts';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  api,
  type Connection,
  type ConnectionEvent,
  type CurrentConnection,
  errorMessage,
  type TestAgainResult,
  type UninstallBody,
} from '../api.ts';
import { ConnectForm } from '../components/ConnectForm.tsx';
import { Badge, Banner, Dialog, Loading } from '../components/ui.tsx';
import { errorTitle, formatDateTime, relative, STATE_LABEL, scopeLabel } from '../format.ts';
import { useTitle } from '../router.tsx';
import { useConfig } from '../session.tsx';

/** The connect screen: paste the key when there is no working connection, else the connection's status and actions. */
export function ConnectPage() {
  const config = useConfig();
  useTitle('Connection', config.appName);
  const [current, setCurrent] = useState<CurrentConnection | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [justConnected, setJustConnected] = useState<'connected' | 'replaced' | null>(null);

  const load = useCallback(async () => {
    try {
      setCurrent(await api<CurrentConnection>('GET', '/connection'));
      setLoadError(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // A webhook or the health monitor may change the connection at any time: refresh when the customer
  // comes back to the tab, and every 15 s while it is visible.
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible') void load();
    };
    window.addEventListener('focus', refresh);
    const timer = setInterval(refresh, 15_000);
    return () => {
      window.removeEventListener('focus', refresh);
      clearInterval(timer);
    };
  }, [load]);

  if (loadError && !current)
    return (
      <Banner tone="error" role="alert">
        {loadError}{' '}
        <button type="button" className="button button-small" onClick={() => void load()}>
          Try again
        </button>
      </Banner>
    );
  if (!current) return <Loading what="Loading your connection" />;

  const c = current.connection;
  const live = c && isLive(c.state);
  return (
    <div className="page">
      <header className="page-header">
        <h1>
          Connect {config.appName} to {config.platformName}
        </h1>
        <p className="lead">
          {config.appName} exports your {config.platformName} expenses to your books. It needs the API key {config.platformName} created
          when you installed the integration.
        </p>
      </header>
      {live ? (
        <ConnectionCard
          connection={c}
          history={current.history}
          justConnected={justConnected}
          onChanged={async (how) => {
            setJustConnected(how ?? null);
            await load();
          }}
        />
      ) : (
        <section className="card" aria-labelledby="connect-title">
          <h2 id="connect-title">Connect with your API key</h2>
          {c && (
            <Banner tone="info">
              {c.state === 'uninstalled'
                ? `The integration was uninstalled${c.companyId ? ` for company ${c.companyName ?? ''} (${c.companyId})` : ''}. Install it again in ${config.platformName} and paste the new key to reconnect.`
                : `Disconnected${c.companyId ? ` from company ${c.companyName ?? ''} (${c.companyId})` : ''}. Paste a key to connect again.`}
            </Banner>
          )}
          <ConnectForm
            mode={{ kind: 'connect' }}
            onConnected={async () => {
              setJustConnected('connected');
              await load();
            }}
          />
        </section>
      )}
    </div>
  );
}

function ConnectionCard({
  connection: c,
  history,
  justConnected,
  onChanged,
}: {
  connection: Connection;
  history: ConnectionEvent[];
  justConnected: 'connected' | 'replaced' | null;
  onChanged(how?: 'connected' | 'replaced'): Promise<void>;
}) {
  const config = useConfig();
  const platform = config.platformName;
  const [replacing, setReplacing] = useState(c.state === 'needs_reconnect');
  const [testing, setTesting] = useState(false);
  const [testNote, setTestNote] = useState<{ tone: 'ok' | 'warn' | 'error'; text: string } | null>(null);
  const [confirm, setConfirm] = useState<'disconnect' | 'uninstall' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const state = STATE_LABEL[c.state];

  useEffect(() => {
    if (justConnected) headingRef.current?.focus();
  }, [justConnected]);

  useEffect(() => {
    if (c.state === 'needs_reconnect') setReplacing(true);
  }, [c.state]);

  async function testAgain() {
    setTesting(true);
    setTestNote(null);
    setActionError(null);
    try {
      const r = await api<TestAgainResult>('POST', `/connections/${c.id}/test-again`);
      setTestNote(
        r.result === 'ok'
          ? { tone: 'ok', text: `Checked just now: the key works and ${platform} confirmed company ${r.connection.companyId}.` }
          : {
              tone: r.result === 'transient' ? 'warn' : 'error',
              text: `${errorTitle(r.errorClass ?? '', platform)}. ${r.message ?? ''}`.trim(),
            },
      );
      await onChanged();
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setTesting(false);
    }
  }

  return (
    <section className="card connection-card" aria-labelledby="connection-title" data-testid="connection-card" data-state={c.state}>
      {justConnected && c.state === 'connected' && (
        <Banner tone="ok">
          {justConnected === 'replaced'
            ? 'The new key works and replaced the old one.'
            : 'Connected. The key was checked, saved encrypted and the integration activated.'}
        </Banner>
      )}
      <div className="connection-head">
        <h2 id="connection-title" ref={headingRef} tabIndex={-1}>
          {platform} connection
        </h2>
        <Badge tone={state.tone} testId="state-badge">
          {state.label}
        </Badge>
      </div>
      <p className="company-line" data-testid="company-line">
        {c.state === 'needs_reconnect' ? 'For company' : 'Connected to company'} <strong>{c.companyName ?? 'unnamed company'}</strong> (
        <code>{c.companyId}</code>)
      </p>

      {c.state !== 'connected' && c.lastError && (
        <div className={`error-panel ${c.state === 'degraded' ? 'error-panel-warn' : ''}`} role="alert" data-testid="connection-problem">
          <h3 className="error-title">
            {c.state === 'needs_reconnect' ? 'This connection needs a new API key' : errorTitle(c.lastError.errorClass, platform)}
          </h3>
          {c.lastError.message && <p>{c.lastError.message}</p>}
          {c.lastError.action && (
            <p className="error-action">
              <strong>What to do: </strong>
              {c.lastError.action}
            </p>
          )}
        </div>
      )}

      <dl className="facts">
        <div>
          <dt>API key</dt>
          <dd>
            <code data-testid="key-mask">{c.keyMask ?? '—'}</code>{' '}
            <span className="muted small">(stored encrypted; never shown in full)</span>
          </dd>
        </div>
        <div>
          <dt>Last checked</dt>
          <dd data-testid="last-checked">
            {c.lastCheckedAt ? (
              <>
                {relative(c.lastCheckedAt)} <span className="muted small">({formatDateTime(c.lastCheckedAt)})</span>
              </>
            ) : (
              'Not yet'
            )}
          </dd>
        </div>
        <div>
          <dt>Connected since</dt>
          <dd>{formatDateTime(c.connectedAt)}</dd>
        </div>
        <div>
          <dt>Permissions</dt>
          <dd>
            <ul className="scope-inline">
              {c.scopes.map((s) => (
                <li key={s} title={s}>
                  {scopeLabel(s)}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>

      {testNote && (
        <Banner tone={testNote.tone} role={testNote.tone === 'ok' ? 'status' : 'alert'}>
          {testNote.text}
        </Banner>
      )}
      {actionError && (
        <Banner tone="error" role="alert">
          {actionError}
        </Banner>
      )}

      {!replacing && (
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setTestNote(null);
              setReplacing(true);
            }}
          >
            Replace key
          </button>
          <button type="button" className="button button-secondary" onClick={() => void testAgain()} disabled={testing}>
            {testing ? 'Testing…' : 'Test again'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setConfirm('disconnect')}>
            Disconnect
          </button>
        </div>
      )}

      {replacing && (
        <section className="replace" aria-labelledby="replace-title">
          <h3 id="replace-title">{c.state === 'needs_reconnect' ? 'Reconnect with a new key' : 'Replace the API key'}</h3>
          <ConnectForm
            mode={{ kind: 'replace', connection: c }}
            onConnected={async () => {
              setReplacing(false);
              setTestNote(null);
              await onChanged('replaced');
            }}
            onCancel={c.state === 'needs_reconnect' ? undefined : () => setReplacing(false)}
          />
          {c.state === 'needs_reconnect' && (
            <div className="actions">
              <button type="button" className="button button-link" onClick={() => setConfirm('disconnect')}>
                Disconnect instead
              </button>
            </div>
          )}
        </section>
      )}

      {history.length > 0 && (
        <details className="history">
          <summary>Recent activity</summary>
          <ul>
            {history.map((e) => (
              <li key={e.id}>
                <span className="muted small">{formatDateTime(e.at)}</span> — {e.message ?? e.reason}
              </li>
            ))}
          </ul>
        </details>
      )}

      <div className="danger-zone">
        <h3>Uninstall</h3>
        <p className="muted">
          Removes {config.appName} from your {platform} company: the installation is deleted and every key of it revoked, and the stored key
          is deleted here.
        </p>
        <button type="button" className="button button-danger-outline" onClick={() => setConfirm('uninstall')}>
          Uninstall…
        </button>
      </div>

      {confirm && (
        <ConfirmAction
          kind={confirm}
          connection={c}
          onClose={() => setConfirm(null)}
          onDone={async () => {
            setConfirm(null);
            await onChanged();
          }}
        />
      )}
    </section>
  );
}

function ConfirmAction({
  kind,
  connection: c,
  onClose,
  onDone,
}: {
  kind: 'disconnect' | 'uninstall';
  connection: Connection;
  onClose(): void;
  onDone(): Promise<void>;
}) {
  const config = useConfig();
  const platform = config.platformName;
  const [busy, setBusy] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uninstall = kind === 'uninstall';

  async function run() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/connections/${c.id}/${kind}`, uninstall ? ({ confirm: true } satisfies UninstallBody) : {});
      await onDone();
    } catch (err) {
      const body = (err as { body?: { error?: { message?: string; action?: string } } }).body;
      setError(body?.error ? `${body.error.message} ${body.error.action ?? ''}` : errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={uninstall ? `Uninstall ${config.appName} from ${platform}?` : `Disconnect from ${platform}?`}
      onClose={onClose}
      busy={busy}
      testId={`confirm-${kind}`}
    >
      {uninstall ? (
        <>
          <p>
            This uninstalls {config.appName} for company <strong>{c.companyName ?? c.companyId}</strong> in {platform}: every API key of the
            installation stops working at once, exports stop, and the stored key is deleted here.
          </p>
          <p>
            To use {config.appName} again you will need to install it again in {platform}.
          </p>
          <label className="check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> I understand — uninstall it
          </label>
        </>
      ) : (
        <>
          <p>
            The stored API key will be deleted from {config.appName}, and exports stop. The integration stays installed in {platform}.
          </p>
          <p>To connect again you will need a key; if you no longer have it, generate a new one under Settings → API Keys in {platform}.</p>
        </>
      )}
      {error && (
        <Banner tone="error" role="alert">
          {error}
        </Banner>
      )}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void run()} disabled={busy || (uninstall && !understood)}>
          {busy ? 'Working…' : uninstall ? 'Uninstall' : 'Disconnect'}
        </button>
      </div>
    </Dialog>
  );
}
