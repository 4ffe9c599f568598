import { type FormEvent, useState } from 'react';
import { api, errorMessage, type Installer, type InstallRequest, type IssuedKey, type MarketplaceEntry } from '../api.ts';
import { useSession, useSignedIn } from '../session.tsx';
import { KeyReveal } from './KeyReveal.tsx';
import { PasswordField } from './PasswordField.tsx';
import { ScopeList } from './ScopeList.tsx';
import { Dialog, ErrorBanner, IntegrationLogo } from './ui.tsx';

export const installersText = (installers: Installer[]): string => {
  const names = installers.map((i) => `${i.name} (${i.email})`);
  if (names.length <= 1) return names[0] ?? 'an owner of your company';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
};

/**
 * Pleo's install modal: what the integration may do (Cancel / Allow) → password re-entry → the key,
 * shown once. People who may not install see who can instead of Allow.
 */
export function InstallDialog({
  entry,
  canInstall,
  installers,
  onClose,
}: {
  entry: MarketplaceEntry;
  canInstall: boolean;
  installers: Installer[];
  onClose(installed: boolean): void;
}) {
  const session = useSignedIn();
  const { setReauthFreshUntil } = useSession();
  const [step, setStep] = useState<'consent' | 'confirm' | 'key'>('consent');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const company = session.user.companyName ?? 'your company';

  function close() {
    setIssued(null); // drop the key from memory
    setPassword('');
    onClose(step === 'key');
  }

  async function install(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<IssuedKey>('POST', '/installations', { integrationId: entry.id, password } satisfies InstallRequest);
      setPassword('');
      setReauthFreshUntil(res.reauthFreshUntil);
      setIssued(res);
      setStep('key');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const title =
    step === 'key' ? (
      `${entry.name} is installed`
    ) : (
      <span className="dialog-title-with-logo">
        <IntegrationLogo name={entry.name} logoUrl={entry.logoUrl} brandColor={entry.brandColor} size={32} />
        {step === 'consent' ? `Install ${entry.name}?` : 'Confirm it’s you'}
      </span>
    );

  return (
    <Dialog title={title} onClose={close} busy={busy} wide={step === 'key'} testId="install-dialog">
      {step === 'consent' && (
        <>
          <p>
            <strong>{entry.name}</strong> by {entry.partnerName} will get a company-level API key for <strong>{company}</strong>. It will be
            able to:
          </p>
          <ScopeList scopes={entry.scopes} />
          <p className="hint">
            These permissions are fixed by Latchkey for this integration; {entry.name} cannot change them. You can revoke the key or
            uninstall at any time under Settings → API Keys.
          </p>
          {canInstall ? (
            <div className="dialog-actions">
              <button type="button" className="button" onClick={close}>
                Cancel
              </button>
              <button type="button" className="button button-primary" onClick={() => setStep('confirm')} data-testid="allow">
                Allow
              </button>
            </div>
          ) : (
            <>
              <div className="banner banner-warn" role="note" data-testid="who-can-install">
                Only an owner or admin of {company} can install integrations; your role is {session.user.role}. Ask{' '}
                {installersText(installers)} to install {entry.name}.
              </div>
              <div className="dialog-actions">
                <button type="button" className="button" onClick={close}>
                  Close
                </button>
              </div>
            </>
          )}
        </>
      )}

      {step === 'confirm' && (
        <form onSubmit={install}>
          <p>
            Enter your Latchkey password to install {entry.name} for {company}.
          </p>
          <PasswordField value={password} onChange={setPassword} />
          <ErrorBanner message={error} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setStep('consent')} disabled={busy}>
              Back
            </button>
            <button type="submit" className="button button-primary" disabled={busy || !password} data-testid="confirm-install">
              {busy ? 'Installing…' : 'Confirm and install'}
            </button>
          </div>
        </form>
      )}

      {step === 'key' && issued && (
        <KeyReveal
          secret={issued.key}
          integrationName={issued.integration.name}
          connectUrl={issued.integration.connectUrl}
          onDone={close}
        />
      )}
    </Dialog>
  );
}
