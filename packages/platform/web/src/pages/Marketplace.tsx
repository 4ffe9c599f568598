import { useState } from 'react';
import type { Marketplace, MarketplaceEntry } from '../api.ts';
import { InstallDialog } from '../components/InstallDialog.tsx';
import { ScopeChips } from '../components/ScopeList.tsx';
import { Badge, Empty, ErrorBanner, IntegrationLogo, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { installationStatus } from '../format.ts';
import { Link, useTitle } from '../router.tsx';
import { useApi } from '../useApi.ts';
import { SettingsTabs } from './SettingsTabs.tsx';

/** Marketplace and Settings → Accounting: approved integrations, each with Install or its installation status. */
export function MarketplacePage({ variant }: { variant: 'marketplace' | 'accounting' }) {
  const title = variant === 'marketplace' ? 'Marketplace' : 'Settings';
  useTitle(variant === 'marketplace' ? 'Marketplace' : 'Settings → Accounting');
  const market = useApi<Marketplace>('/marketplace');
  const [open, setOpen] = useState<MarketplaceEntry | null>(null);
  const [justInstalled, setJustInstalled] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title={title}
        lead={
          variant === 'marketplace'
            ? 'Integrations approved by Latchkey. Installing one creates an API key for it, scoped to what it needs.'
            : 'Connect your accounting or ERP system. Pick an integration to see what it may do before you allow it.'
        }
      />
      {variant === 'accounting' && <SettingsTabs current="accounting" />}
      {variant === 'accounting' && <h2 className="section-title">Accounting integrations</h2>}
      {justInstalled && (
        <Notice tone="ok">
          {justInstalled} is installed and waits for its key. Manage the key under{' '}
          <Link href="/settings/api-keys">Settings → API Keys</Link>.
        </Notice>
      )}
      <ErrorBanner message={market.error} onRetry={market.reload} />
      {market.loading && !market.data && <Loading what="Loading integrations" />}
      {market.data && market.data.data.length === 0 && (
        <Empty title="No integrations yet">Approved integrations appear here as soon as Latchkey staff approve them.</Empty>
      )}
      {market.data && market.data.data.length > 0 && (
        <ul className={variant === 'marketplace' ? 'card-grid' : 'card-list'}>
          {market.data.data.map((entry) => (
            <li key={entry.id}>
              <IntegrationCard entry={entry} onOpen={() => setOpen(entry)} />
            </li>
          ))}
        </ul>
      )}
      {open && market.data && (
        <InstallDialog
          entry={open}
          canInstall={market.data.canInstall}
          installers={market.data.installers}
          onClose={(installed) => {
            setOpen(null);
            if (installed) {
              setJustInstalled(open.name);
              market.reload();
            }
          }}
        />
      )}
    </>
  );
}

function IntegrationCard({ entry, onOpen }: { entry: MarketplaceEntry; onOpen(): void }) {
  const status = entry.installation ? installationStatus(entry.installation.status, entry.installation.errorCode) : null;
  const headingId = `integration-${entry.id}`;
  return (
    <article className="card integration-card" aria-labelledby={headingId} data-testid={`integration-${entry.name}`}>
      <div className="integration-head">
        <IntegrationLogo name={entry.name} logoUrl={entry.logoUrl} brandColor={entry.brandColor} size={44} />
        <div>
          <h3 id={headingId}>{entry.name}</h3>
          <p className="muted">by {entry.partnerName}</p>
        </div>
        {status && (
          <Badge tone={status.tone} title={status.help}>
            {status.label}
          </Badge>
        )}
      </div>
      <p>{entry.description}</p>
      {entry.features.length > 0 && (
        <ul className="features">
          {entry.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      <ScopeChips scopes={entry.scopes} />
      <div className="card-actions">
        {entry.installation ? (
          <>
            <span className="muted small">{status?.help}</span>
            <Link className="button" href="/settings/api-keys">
              Manage key
            </Link>
          </>
        ) : (
          <button type="button" className="button button-primary" onClick={onOpen} aria-label={`Install ${entry.name}`}>
            Install
          </button>
        )}
        {entry.supportUrl && (
          <a className="link small" href={entry.supportUrl} target="_blank" rel="noopener noreferrer">
            Support ↗
          </a>
        )}
      </div>
    </article>
  );
}
