import { SCOPES } from '@latchkey/keys';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage, type Integration, type MarketplaceDetails, type OwnIntegration, type WebhookDelivery } from '../api.ts';
import { describeScope, ScopeChips } from '../components/ScopeList.tsx';
import { Badge, Empty, ErrorBanner, IntegrationLogo, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { formatDateTime, INTEGRATION_STATUS, relative, type Tone } from '../format.ts';
import { Link, navigate, useTitle } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { useApi } from '../useApi.ts';

/** The partner portal: the partner's integrations with review status and the reviewer's reason. */
export function PartnerHomePage() {
  useTitle('Your integrations');
  const session = useSignedIn();
  const list = useApi<{ data: Integration[] }>('/partner/integrations');
  const submitted = new URLSearchParams(window.location.search).get('submitted');

  return (
    <>
      <PageHeader
        title="Your integrations"
        lead={`Integrations ${session.user.partnerName ?? 'your organisation'} has submitted to the Latchkey marketplace.`}
      >
        <Link className="button button-primary" href="/partner/new">
          New integration
        </Link>
      </PageHeader>
      {submitted && <Notice tone="ok">Submitted for review. Latchkey staff will approve or reject it, with a reason.</Notice>}
      <ErrorBanner message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading what="Loading your integrations" />}
      {list.data?.data.length === 0 && (
        <Empty title="No integrations yet">
          <p>Describe your integration and the scopes it needs; staff review it before it appears in the marketplace.</p>
          <Link className="button button-primary" href="/partner/new">
            Submit your first integration
          </Link>
        </Empty>
      )}
      <ul className="card-list">
        {list.data?.data
          .slice()
          .reverse()
          .map((i) => (
            <li key={i.id}>
              <PartnerIntegrationCard integration={i} />
            </li>
          ))}
      </ul>
    </>
  );
}

function PartnerIntegrationCard({ integration: i }: { integration: Integration }) {
  const st = INTEGRATION_STATUS[i.status];
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function reveal() {
    try {
      const detail = await api<OwnIntegration>('GET', `/partner/integrations/${encodeURIComponent(i.id)}`);
      setSecret(detail.webhookSecret);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <article className="card" aria-labelledby={`p-${i.id}`} data-testid={`partner-integration-${i.name}`}>
      <div className="integration-head">
        <IntegrationLogo name={i.name} logoUrl={i.logoUrl} brandColor={i.brandColor} size={40} />
        <div>
          <h3 id={`p-${i.id}`}>{i.name}</h3>
          <p className="muted small">Submitted {formatDateTime(i.createdAt)}</p>
        </div>
        <Badge tone={st.tone}>{st.label}</Badge>
      </div>
      <p>{i.description}</p>
      {i.status !== 'pending' && (
        <div className={`review-outcome review-${i.status}`}>
          <strong>{i.status === 'approved' ? 'Approved' : 'Rejected'}</strong> {i.reviewedAt && `on ${formatDateTime(i.reviewedAt)}`}
          {i.reviewReason ? (
            <p data-testid="review-reason">Reviewer’s reason: “{i.reviewReason}”</p>
          ) : (
            <p className="muted">No reason given.</p>
          )}
        </div>
      )}
      <dl className="facts">
        <dt>Requested scopes</dt>
        <dd>
          <ScopeChips scopes={i.requestedScopes.map((r) => r.scope)} />
        </dd>
        {i.approvedScopes && (
          <>
            <dt>Approved scopes</dt>
            <dd>
              <ScopeChips scopes={i.approvedScopes} />
            </dd>
          </>
        )}
        <dt>Client ID</dt>
        <dd>
          <code>{i.clientId}</code>
        </dd>
        <dt>Connect URL</dt>
        <dd>
          <code>{i.connectUrl}</code>
        </dd>
        {i.webhookUrl && (
          <>
            <dt>Webhooks</dt>
            <dd>
              <code>{i.webhookUrl}</code>{' '}
              {secret ? (
                <span className="secret">
                  signing secret <code>{secret}</code>{' '}
                  <button type="button" className="link-button" onClick={() => setSecret(null)}>
                    Hide
                  </button>
                </span>
              ) : (
                <button type="button" className="link-button" onClick={reveal}>
                  Show signing secret
                </button>
              )}
            </dd>
          </>
        )}
      </dl>
      <ErrorBanner message={error} />
      {i.webhookUrl && i.status === 'approved' && <WebhookDeliveries integration={i} />}
    </article>
  );
}

function deliveryStatus(d: WebhookDelivery): { label: string; tone: Tone } {
  if (d.status === 'delivered') return { label: 'Delivered', tone: 'ok' };
  if (d.status === 'failed') return { label: 'Failed', tone: 'bad' };
  return d.attempts === 0 ? { label: 'Queued', tone: 'info' } : { label: 'Retrying', tone: 'warn' };
}

/** Recent lifecycle webhooks of one integration, from the platform's outbox: what was sent, how it went, what is next. */
function WebhookDeliveries({ integration: i }: { integration: Integration }) {
  const path = `/partner/integrations/${encodeURIComponent(i.id)}/deliveries?limit=20`;
  const list = useApi<{ data: WebhookDelivery[] }>(path);
  const rows = list.data?.data ?? [];
  const pending = rows.some((d) => d.status === 'pending');
  const { reload } = list;
  // While something is queued or retrying, follow it.
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(reload, 5000);
    return () => clearInterval(t);
  }, [pending, reload]);
  const headingId = `wh-${i.id}`;

  return (
    <section className="deliveries" aria-labelledby={headingId} data-testid="webhook-deliveries">
      <div className="section-head">
        <h4 id={headingId}>Webhook deliveries</h4>
        <button type="button" className="button button-small" onClick={reload} disabled={list.loading}>
          {list.loading && list.data ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <ErrorBanner message={list.error} onRetry={reload} />
      {list.loading && !list.data && <Loading what="Loading deliveries" />}
      {list.data && rows.length === 0 && (
        <p className="muted small">
          None yet. Installs, key regenerations and revocations, and uninstalls of {i.name} are sent here, signed, and retried with backoff
          until your endpoint answers 2xx. Endpoints must be https on a public address.
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table deliveries-table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => {
                const st = deliveryStatus(d);
                return (
                  <tr key={d.id} data-testid="delivery-row">
                    <td>
                      <code>{d.eventType}</code>
                    </td>
                    <td>
                      <Badge tone={st.tone} title={d.deliveredAt ? `Delivered ${formatDateTime(d.deliveredAt)}` : undefined}>
                        {st.label}
                      </Badge>
                    </td>
                    <td>{d.attempts}</td>
                    <td>
                      {d.lastResultMessage === null ? (
                        <span className="muted">—</span>
                      ) : (
                        <span className={d.lastResult === 'delivered' ? undefined : 'text-danger'}>{d.lastResultMessage}</span>
                      )}
                    </td>
                    <td>
                      {d.nextAttemptAt ? (
                        <time dateTime={d.nextAttemptAt}>{relative(d.nextAttemptAt)}</time>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface ScopeChoice {
  checked: boolean;
  reason: string;
}

/** The marketplace entry form: every field staff need to review and companies need to decide. */
export function PartnerNewPage() {
  useTitle('New integration');
  const [f, setF] = useState({
    name: '',
    description: '',
    logoUrl: '',
    brandColor: '#1f6feb',
    useColor: true,
    supportEmail: '',
    supportUrl: '',
    features: '',
    connectUrl: '',
    webhookUrl: '',
  });
  const [scopes, setScopes] = useState<Record<string, ScopeChoice>>(() =>
    Object.fromEntries(SCOPES.map((s) => [s, { checked: false, reason: '' }])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const chosen = SCOPES.filter((s) => scopes[s]?.checked);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (chosen.length === 0) {
      setError('Request at least one scope, with the reason you need it.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/partner/integrations', {
        name: f.name,
        description: f.description,
        logoUrl: f.useColor ? null : f.logoUrl || null,
        brandColor: f.useColor ? f.brandColor : null,
        supportEmail: f.supportEmail,
        supportUrl: f.supportUrl || null,
        features: f.features
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
        requestedScopes: chosen.map((scope) => ({ scope, reason: scopes[scope]?.reason ?? '' })),
        connectUrl: f.connectUrl,
        webhookUrl: f.webhookUrl || null,
      } satisfies MarketplaceDetails);
      navigate('/partner?submitted=1');
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title="New integration"
        lead="This becomes your marketplace entry. Latchkey staff review it and decide which scopes to grant."
      />
      <form className="form card" onSubmit={submit}>
        <fieldset>
          <legend>Marketplace entry</legend>
          <label className="field">
            <span className="field-label">Name</span>
            <input name="name" required maxLength={80} value={f.name} onChange={set('name')} />
          </label>
          <label className="field">
            <span className="field-label">Description</span>
            <textarea name="description" required rows={3} maxLength={2000} value={f.description} onChange={set('description')} />
          </label>
          <div className="field">
            <span className="field-label" id="branding-label">
              Branding
            </span>
            <div className="inline-options" role="radiogroup" aria-labelledby="branding-label">
              <label className="radio">
                <input type="radio" name="branding" checked={f.useColor} onChange={() => setF((x) => ({ ...x, useColor: true }))} /> Brand
                colour
              </label>
              <label className="radio">
                <input type="radio" name="branding" checked={!f.useColor} onChange={() => setF((x) => ({ ...x, useColor: false }))} /> Logo
                URL
              </label>
            </div>
            {f.useColor ? (
              <label className="inline-field">
                <input type="color" name="brandColor" value={f.brandColor} onChange={set('brandColor')} aria-label="Brand colour" />
                <code>{f.brandColor}</code>
              </label>
            ) : (
              <input
                type="url"
                name="logoUrl"
                placeholder="https://example.com/logo.png"
                required
                value={f.logoUrl}
                onChange={set('logoUrl')}
                aria-label="Logo URL"
              />
            )}
          </div>
          <label className="field">
            <span className="field-label">Features</span>
            <textarea name="features" rows={3} placeholder="One per line" value={f.features} onChange={set('features')} />
            <span className="hint">One feature per line; shown as a list in the marketplace.</span>
          </label>
        </fieldset>

        <fieldset>
          <legend>Support</legend>
          <div className="field-row">
            <label className="field">
              <span className="field-label">Support email</span>
              <input type="email" name="supportEmail" required value={f.supportEmail} onChange={set('supportEmail')} />
            </label>
            <label className="field">
              <span className="field-label">
                Support URL <span className="muted">(optional)</span>
              </span>
              <input type="url" name="supportUrl" value={f.supportUrl} onChange={set('supportUrl')} />
            </label>
          </div>
        </fieldset>

        <fieldset>
          <legend>Requested scopes</legend>
          <p className="hint">Request only what you need, and say why: staff may grant fewer scopes than you request.</p>
          <table className="table scope-table">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">What it allows</th>
                <th scope="col">Why you need it</th>
              </tr>
            </thead>
            <tbody>
              {SCOPES.map((s) => {
                const c = scopes[s] ?? { checked: false, reason: '' };
                return (
                  <tr key={s}>
                    <td>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          name={`scope-${s}`}
                          checked={c.checked}
                          onChange={(e) => setScopes((x) => ({ ...x, [s]: { ...c, checked: e.target.checked } }))}
                        />
                        <code>{s}</code>
                      </label>
                    </td>
                    <td className="small">{describeScope(s)}</td>
                    <td>
                      <input
                        name={`reason-${s}`}
                        aria-label={`Reason for ${s}`}
                        disabled={!c.checked}
                        required={c.checked}
                        maxLength={500}
                        value={c.reason}
                        placeholder={c.checked ? 'Reason' : ''}
                        onChange={(e) => setScopes((x) => ({ ...x, [s]: { ...c, reason: e.target.value } }))}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>

        <fieldset>
          <legend>Connection</legend>
          <label className="field">
            <span className="field-label">Connect URL</span>
            <input
              type="url"
              name="connectUrl"
              required
              placeholder="https://app.example.com/latchkey/connect"
              value={f.connectUrl}
              onChange={set('connectUrl')}
            />
            <span className="hint">Where “Go to {f.name || 'your integration'}” sends customers to paste their key.</span>
          </label>
          <label className="field">
            <span className="field-label">
              Webhook URL <span className="muted">(optional)</span>
            </span>
            <input
              type="url"
              name="webhookUrl"
              placeholder="https://api.example.com/latchkey/webhooks"
              value={f.webhookUrl}
              onChange={set('webhookUrl')}
            />
            <span className="hint">
              Receives installation events (installed, key regenerated or revoked, uninstalled), signed with Standard Webhooks.
            </span>
          </label>
        </fieldset>

        <ErrorBanner message={error} />
        <div className="form-actions">
          <Link className="button" href="/partner">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Submitting…' : 'Submit for review'}
          </button>
        </div>
      </form>
    </>
  );
}
