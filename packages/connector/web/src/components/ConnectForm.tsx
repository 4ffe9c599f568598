import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  api,
  type ConnectError,
  type Connected,
  type Connection,
  type ConnectStep,
  connectErrorOf,
  errorMessage,
  type KeyBody,
} from '../api.ts';
import { scopeLabel, stepLabels } from '../format.ts';
import { useConfig } from '../session.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { KeyField } from './KeyField.tsx';
import { type StepStatus, Steps } from './Steps.tsx';
import { Banner } from './ui.tsx';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Mode = { kind: 'connect' } | { kind: 'replace'; connection: Connection };

/**
 * Save and test: the key is read from the field once, the field is cleared, and the key goes to the
 * app's API in a POST body — never into state, storage, the console or a URL. Progress is shown step by
 * step; a failure stops at its step with its own message and recovery action, and nothing is stored.
 */
export function ConnectForm({ mode, onConnected, onCancel }: { mode: Mode; onConnected(c: Connection): void; onCancel?: () => void }) {
  const config = useConfig();
  const platform = config.platformName;
  const labels = stepLabels(platform);
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Record<ConnectStep, StepStatus> | null>(null);
  const [error, setError] = useState<ConnectError | null>(null);
  const [otherError, setOtherError] = useState<string | null>(null);
  const [emptyError, setEmptyError] = useState(false);
  const emptyId = useId();
  const replacing = mode.kind === 'replace';

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const all = (s: StepStatus) => Object.fromEntries(config.steps.map((k) => [k, s])) as Record<ConnectStep, StepStatus>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const input = inputRef.current;
    if (!input) return;
    let key = input.value;
    input.value = '';
    setError(null);
    setOtherError(null);
    if (!key.trim()) {
      setEmptyError(true);
      setStatus(null);
      input.focus();
      return;
    }
    setEmptyError(false);
    setBusy(true);
    const s = all('waiting');
    s.format = 'active';
    setStatus({ ...s });
    try {
      const path = replacing ? `/connections/${mode.connection.id}/replace` : '/connection/connect';
      const request = api<Connected>('POST', path, { key } satisfies KeyBody);
      key = '';
      // The server checks the format first; while it answers, the request to the platform is the visible step.
      await sleep(150);
      s.format = 'done';
      s.contact = 'active';
      setStatus({ ...s });
      const { connection } = await request;
      for (const step of config.steps) {
        if (s[step] === 'done') continue;
        s[step] = 'done';
        const next = config.steps[config.steps.indexOf(step) + 1];
        if (next) s[next] = 'active';
        setStatus({ ...s });
        await sleep(140);
      }
      onConnected(connection);
    } catch (err) {
      key = '';
      const failed = connectErrorOf(err);
      if (failed) {
        let reached = true;
        for (const step of config.steps) {
          if (step === failed.step) {
            s[step] = 'failed';
            reached = false;
          } else s[step] = reached ? 'done' : 'skipped';
        }
        setStatus({ ...s });
        setError(failed);
      } else {
        setStatus(null);
        setOtherError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  function retry() {
    setError(null);
    setStatus(null);
    inputRef.current?.focus();
  }

  return (
    <form className="connect-form" method="post" onSubmit={submit} noValidate aria-busy={busy} data-testid="connect-form">
      {!replacing && (
        <section className="guidance" aria-labelledby="where-from">
          <h3 id="where-from">Where your API key comes from</h3>
          <ul>
            <li>
              {platform} generated this key when you installed {config.appName} in <strong>{platform} → Settings → Accounting</strong>, and
              showed it to you once.
            </li>
            <li>
              It grants <strong>company-level access</strong> to your {platform} company, limited to the permissions you allowed:{' '}
              {config.requiredScopes.map(scopeLabel).join(', ').toLowerCase()}.
            </li>
            <li>
              {platform} cannot show it again. If you no longer have it, generate a new key under <strong>Settings → API Keys</strong> in{' '}
              {platform}.
            </li>
          </ul>
        </section>
      )}
      {replacing && (
        <p className="lead">
          Paste the new key from {platform} (Settings → API Keys → Regenerate). The current key stays in use until the new one has been
          checked; the connection keeps its history.
        </p>
      )}
      <KeyField
        inputRef={inputRef}
        label={`${platform} API key — secret credential`}
        hint={`We check it with ${platform} before saving, store it encrypted, and never show it again — only its last four characters.`}
        disabled={busy}
        invalid={emptyError}
        describedBy={emptyError ? emptyId : undefined}
      />
      {emptyError && (
        <p id={emptyId} className="field-error" role="alert">
          Paste your API key first.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Testing…' : replacing ? 'Save and test new key' : 'Save and test connection'}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
      {status && <Steps steps={config.steps} labels={labels} status={status} />}
      {error && <ErrorPanel error={error} platform={platform} replacing={replacing} onRetry={retry} />}
      {otherError && (
        <Banner tone="error" role="alert">
          {otherError}
        </Banner>
      )}
    </form>
  );
}
