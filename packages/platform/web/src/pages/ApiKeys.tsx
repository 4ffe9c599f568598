import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, api, errorMessage, type IssuedKey, type KeyRow, type RegenerateRequest } from '../api.ts';
import { KeyReveal } from '../components/KeyReveal.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { ScopeChips } from '../components/ScopeList.tsx';
import { Badge, Dialog, Empty, ErrorBanner, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { formatDateTime, GRACE_OPTIONS, installationStatus, keyStatus, relative } from '../format.ts';
import { Link, useTitle } from '../router.tsx';
import { reauthIsFresh, useSession, useSignedIn } from '../session.tsx';
import { useApi } from '../useApi.ts';
import { SettingsTabs } from './SettingsTabs.tsx';

interface Group {
  installationId: string;
  integration: KeyRow['integration'];
  installation: KeyRow['installation'];
  keys: KeyRow[];
}

type Pending =
  | { kind: 'regenerate'; group: Group }
  | { kind: 'revoke'; group: Group; key: KeyRow }
  | { kind: 'uninstall'; group: Group }
  | null;

const live = (k: KeyRow) => k.status === 'active' || k.status === 'expiring';

/** Settings → API Keys: every key of the company's installations (hints only), with Regenerate, Revoke, Uninstall. */
export function ApiKeysPage() {
  useTitle('Settings → API Keys');
  const keys = useApi<{ data: KeyRow[] }>('/keys');
  const [showAll, setShowAll] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const groups = useMemo(() => {
    const map = new Map<string, Group>();
    for (const k of keys.data?.data ?? []) {
      let g = map.get(k.installation.id);
      if (!g) {
        g = { installationId: k.installation.id, integration: k.integration, installation: k.installation, keys: [] };
        map.set(k.installation.id, g);
      }
      g.keys.push(k);
    }
    return [...map.values()];
  }, [keys.data]);

  const hiddenCount = groups.reduce((n, g) => n + g.keys.filter((k) => !live(k)).length, 0);

  function done(message: string | null) {
    setPending(null);
    if (message) setNotice(message);
    keys.reload();
  }

  return (
    <>
      <PageHeader
        title="Settings"
        lead="API keys let installed integrations read and write your company’s data. Each key belongs to one integration."
      />
      <SettingsTabs current="api-keys" />
      <div className="section-head">
        <h2 className="section-title">API Keys</h2>
        {hiddenCount > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show revoked and expired keys (
            {hiddenCount})
          </label>
        )}
      </div>
      {notice && <Notice tone="ok">{notice}</Notice>}
      <ErrorBanner message={keys.error} onRetry={keys.error?.startsWith('Only an owner') ? undefined : keys.reload} />
      {keys.loading && !keys.data && <Loading what="Loading API keys" />}
      {keys.data && groups.length === 0 && (
        <Empty title="No API keys yet">
          Keys are created when you install an integration. <Link href="/settings/accounting">Browse accounting integrations</Link>.
        </Empty>
      )}
      {groups.length > 0 && (
        <div className="table-wrap">
          <table className="table keys-table">
            <thead>
              <tr>
                <th scope="col">Integration</th>
                <th scope="col">Scopes</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Key actions</span>
                </th>
              </tr>
            </thead>
            {groups.map((g) => {
              const rows = showAll ? g.keys : g.keys.filter(live);
              const inst = installationStatus(g.installation.status, g.installation.errorCode);
              const span = Math.max(rows.length, 1);
              const head = (
                <>
                  <th scope="rowgroup" rowSpan={span} className="integration-cell">
                    <div className="integration-name">{g.integration.name}</div>
                    <Badge tone={inst.tone} title={inst.help}>
                      {inst.label}
                    </Badge>
                    <p className="small muted">{inst.help}</p>
                    <div className="row-actions">
                      <button type="button" className="button button-small" onClick={() => setPending({ kind: 'regenerate', group: g })}>
                        Regenerate
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => setPending({ kind: 'uninstall', group: g })}
                      >
                        Uninstall
                      </button>
                    </div>
                  </th>
                  <td rowSpan={span}>
                    <ScopeChips scopes={g.installation.scopes} />
                  </td>
                </>
              );
              return (
                <tbody key={g.installationId} data-testid={`installation-${g.integration.name}`}>
                  {rows.length === 0 && (
                    <tr>
                      {head}
                      <td colSpan={5} className="muted">
                        No working key. Regenerate to create one.
                      </td>
                    </tr>
                  )}
                  {rows.map((k, i) => {
                    const st = keyStatus(k.status, k.expiresAt);
                    return (
                      <tr key={k.id} className={live(k) ? undefined : 'row-dim'} data-testid="key-row">
                        {i === 0 && head}
                        <td>
                          <code className="hint-code">{k.hint}</code>
                        </td>
                        <td>
                          <div>{k.createdBy}</div>
                          <div className="small muted">{formatDateTime(k.createdAt)}</div>
                        </td>
                        <td className="nowrap" title={k.lastUsedAt ? formatDateTime(k.lastUsedAt) : undefined}>
                          {k.lastUsedAt ? relative(k.lastUsedAt) : 'Never'}
                        </td>
                        <td>
                          <Badge tone={st.tone} title={k.expiresAt ? `Expires ${formatDateTime(k.expiresAt)}` : undefined}>
                            {st.label}
                          </Badge>
                        </td>
                        <td>
                          {live(k) && (
                            <button
                              type="button"
                              className="button button-small button-danger-quiet"
                              onClick={() => setPending({ kind: 'revoke', group: g, key: k })}
                              aria-label={`Revoke key ${k.hint}`}
                            >
                              Revoke
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
      {pending?.kind === 'regenerate' && <RegenerateDialog group={pending.group} onClose={done} />}
      {pending?.kind === 'revoke' && <RevokeDialog group={pending.group} keyRow={pending.key} onClose={done} />}
      {pending?.kind === 'uninstall' && <UninstallDialog group={pending.group} onClose={done} />}
    </>
  );
}

function RegenerateDialog({ group, onClose }: { group: Group; onClose(message: string | null): void }) {
  const session = useSignedIn();
  const { setReauthFreshUntil } = useSession();
  const [grace, setGrace] = useState<RegenerateRequest['graceSeconds']>(3600);
  const [password, setPassword] = useState('');
  const [needPassword, setNeedPassword] = useState(() => !reauthIsFresh(session));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const name = group.integration.name;
  const current = group.keys.filter(live).map((k) => k.hint);
  const until = new Date(Date.now() + grace * 1000);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<IssuedKey>('POST', `/installations/${encodeURIComponent(group.installationId)}/regenerate`, {
        graceSeconds: grace,
        ...(password ? { password } : {}),
      } satisfies RegenerateRequest);
      setPassword('');
      setReauthFreshUntil(res.reauthFreshUntil);
      setIssued(res);
    } catch (err) {
      if (err instanceof ApiError && (err.type === 'REAUTH_REQUIRED' || err.type === 'WRONG_PASSWORD')) setNeedPassword(true);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function close() {
    const wasIssued = !!issued;
    setIssued(null); // drop the key from memory
    onClose(wasIssued ? `A new key for ${name} was created. Paste it into ${name} to keep it connected.` : null);
  }

  if (issued) {
    return (
      <Dialog title={`New key for ${name}`} onClose={close} wide testId="regenerate-dialog">
        <KeyReveal secret={issued.key} integrationName={name} connectUrl={issued.integration.connectUrl} onDone={close} replacing />
      </Dialog>
    );
  }

  return (
    <Dialog title={`Regenerate the key for ${name}?`} onClose={close} busy={busy} testId="regenerate-dialog">
      <form onSubmit={submit}>
        <p>A new key is created and shown once. {name} keeps working only once you paste the new key into it.</p>
        <fieldset className="radio-group">
          <legend>Keep the current key{current.length > 1 ? 's' : ''} working for</legend>
          {GRACE_OPTIONS.map((g) => (
            <label key={g.seconds} className="radio">
              <input type="radio" name="grace" value={g.seconds} checked={grace === g.seconds} onChange={() => setGrace(g.seconds)} />
              {g.label}
            </label>
          ))}
        </fieldset>
        <div className="banner banner-warn" role="note">
          {current.length === 0
            ? `${name} has no working key now; the new key restores access once pasted into ${name}.`
            : grace === 0
              ? `${current.join(', ')} stops working immediately: ${name} cannot sync until you paste the new key into it.`
              : `${current.join(', ')} keeps working until ${formatDateTime(until.toISOString())}. After that, ${name} stops syncing unless it has the new key.`}
        </div>
        {needPassword && <PasswordField value={password} onChange={setPassword} label="Confirm with your password" />}
        <ErrorBanner message={error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || (needPassword && !password)}
            data-testid="confirm-regenerate"
          >
            {busy ? 'Regenerating…' : 'Regenerate key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RevokeDialog({ group, keyRow, onClose }: { group: Group; keyRow: KeyRow; onClose(message: string | null): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = group.integration.name;
  const others = group.keys.filter((k) => live(k) && k.id !== keyRow.id);

  async function revoke() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/keys/${encodeURIComponent(keyRow.id)}/revoke`);
      onClose(`Key ${keyRow.hint} was revoked.`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Revoke key ${keyRow.hint}?`} onClose={() => onClose(null)} busy={busy} testId="revoke-dialog">
      <p>
        {name} can no longer use this key: every call it makes with it fails at once.{' '}
        {others.length === 0
          ? `It has no other working key, so ${name} stops syncing with your company until you regenerate a key and paste it into ${name}.`
          : `${name} keeps working only if it already uses ${others.map((k) => k.hint).join(', ')}.`}
      </p>
      <p>
        <strong>This cannot be undone.</strong>
      </p>
      <ErrorBanner message={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => onClose(null)} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={revoke} disabled={busy} data-testid="confirm-revoke">
          {busy ? 'Revoking…' : 'Revoke key'}
        </button>
      </div>
    </Dialog>
  );
}

function UninstallDialog({ group, onClose }: { group: Group; onClose(message: string | null): void }) {
  const session = useSignedIn();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = group.integration.name;
  const count = group.keys.filter(live).length;

  async function uninstall() {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', `/installations/${encodeURIComponent(group.installationId)}`);
      onClose(`${name} was uninstalled and its keys revoked.`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Uninstall ${name}?`} onClose={() => onClose(null)} busy={busy} testId="uninstall-dialog">
      <p>
        {count === 1 ? 'Its key is' : `All ${count} of its keys are`} revoked at once, and {name} loses access to {session.user.companyName}
        ’s data: exports and syncing stop, and {name} is notified.
      </p>
      <p>To use {name} again you install it again and paste the new key into it.</p>
      <ErrorBanner message={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => onClose(null)} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={uninstall} disabled={busy} data-testid="confirm-uninstall">
          {busy ? 'Uninstalling…' : `Uninstall ${name}`}
        </button>
      </div>
    </Dialog>
  );
}
