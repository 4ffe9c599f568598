import { useState } from 'react';
import { api, errorMessage, type IntegrationStatus, type ReviewItem, type ReviewRequest } from '../api.ts';
import { describeScope, ScopeChips } from '../components/ScopeList.tsx';
import { Badge, Empty, ErrorBanner, IntegrationLogo, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { formatDateTime, INTEGRATION_STATUS } from '../format.ts';
import { useTitle } from '../router.tsx';
import { useApi } from '../useApi.ts';

const TABS: { status: IntegrationStatus; label: string }[] = [
  { status: 'pending', label: 'Review queue' },
  { status: 'approved', label: 'Approved' },
  { status: 'rejected', label: 'Rejected' },
];

/** Staff: pending integrations to approve (choosing scopes ⊆ requested) or reject with a reason. */
export function StaffReviewPage() {
  useTitle('Review queue');
  const [tab, setTab] = useState<IntegrationStatus>('pending');
  const list = useApi<{ data: ReviewItem[] }>(`/staff/integrations?status=${tab}`);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Integrations"
        lead="Confirm each partner is eligible and grant only the scopes its use case needs. Every decision is audited."
      />
      <div className="tabs" role="tablist" aria-label="Integration status">
        {TABS.map((t) => (
          <button
            key={t.status}
            type="button"
            role="tab"
            aria-selected={tab === t.status}
            className={tab === t.status ? 'tab tab-current' : 'tab'}
            onClick={() => {
              setTab(t.status);
              setNotice(null);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {notice && <Notice tone="ok">{notice}</Notice>}
      <ErrorBanner message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading what="Loading integrations" />}
      {list.data?.data.length === 0 && (
        <Empty title={tab === 'pending' ? 'The review queue is empty' : `No ${tab} integrations`}>
          {tab === 'pending' ? 'New partner submissions appear here.' : null}
        </Empty>
      )}
      <ul className="card-list">
        {list.data?.data.map((item) => (
          <li key={item.id}>
            {tab === 'pending' ? (
              <ReviewCard
                item={item}
                onDone={(msg) => {
                  setNotice(msg);
                  list.reload();
                }}
              />
            ) : (
              <ReviewedCard item={item} />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function Details({ item }: { item: ReviewItem }) {
  return (
    <>
      <div className="integration-head">
        <IntegrationLogo name={item.name} logoUrl={item.logoUrl} brandColor={item.brandColor} size={44} />
        <div>
          <h3 id={`r-${item.id}`}>{item.name}</h3>
          <p className="muted small">
            {item.partnerName} · {item.partnerEmail} · submitted {formatDateTime(item.createdAt)}
          </p>
        </div>
        <Badge tone={INTEGRATION_STATUS[item.status].tone}>{INTEGRATION_STATUS[item.status].label}</Badge>
      </div>
      <p>{item.description}</p>
      {item.features.length > 0 && (
        <ul className="features">
          {item.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>Support</dt>
        <dd>
          {item.supportEmail}
          {item.supportUrl && <> · {item.supportUrl}</>}
        </dd>
        <dt>Connect URL</dt>
        <dd>
          <code>{item.connectUrl}</code>
        </dd>
        <dt>Webhook URL</dt>
        <dd>{item.webhookUrl ? <code>{item.webhookUrl}</code> : <span className="muted">none</span>}</dd>
      </dl>
    </>
  );
}

function ReviewCard({ item, onDone }: { item: ReviewItem; onDone(message: string): void }) {
  const [granted, setGranted] = useState<Set<string>>(() => new Set(item.requestedScopes.map((r) => r.scope)));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function decide(decision: 'approve' | 'reject') {
    if (decision === 'reject' && !reason.trim()) {
      setError('Give the partner a reason for the rejection.');
      return;
    }
    if (decision === 'approve' && granted.size === 0) {
      setError('Grant at least one scope, or reject the integration.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/staff/integrations/${encodeURIComponent(item.id)}/review`, {
        decision,
        ...(decision === 'approve' ? { approvedScopes: [...granted] } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      } satisfies ReviewRequest);
      onDone(decision === 'approve' ? `${item.name} was approved and is now in the marketplace.` : `${item.name} was rejected.`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <article className="card review-card" aria-labelledby={`r-${item.id}`} data-testid={`review-${item.name}`}>
      <Details item={item} />
      <fieldset className="scope-review">
        <legend>Scopes to grant</legend>
        <ul className="plain-list">
          {item.requestedScopes.map((r) => (
            <li key={r.scope}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  name={`grant-${r.scope}`}
                  checked={granted.has(r.scope)}
                  onChange={(e) =>
                    setGranted((g) => {
                      const next = new Set(g);
                      if (e.target.checked) next.add(r.scope);
                      else next.delete(r.scope);
                      return next;
                    })
                  }
                />
                <span>
                  <code>{r.scope}</code> — {describeScope(r.scope)}
                  <span className="reason">Partner’s reason: “{r.reason}”</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <label className="field">
        <span className="field-label">
          Reason for the partner <span className="muted">(required to reject)</span>
        </span>
        <textarea name="reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <ErrorBanner message={error} />
      <div className="card-actions">
        <button type="button" className="button button-danger-quiet" onClick={() => decide('reject')} disabled={busy}>
          Reject
        </button>
        <button type="button" className="button button-primary" onClick={() => decide('approve')} disabled={busy}>
          Approve {granted.size} scope{granted.size === 1 ? '' : 's'}
        </button>
      </div>
    </article>
  );
}

function ReviewedCard({ item }: { item: ReviewItem }) {
  return (
    <article className="card" aria-labelledby={`r-${item.id}`}>
      <Details item={item} />
      <dl className="facts">
        <dt>Requested</dt>
        <dd>
          <ScopeChips scopes={item.requestedScopes.map((r) => r.scope)} />
        </dd>
        {item.approvedScopes && (
          <>
            <dt>Granted</dt>
            <dd>
              <ScopeChips scopes={item.approvedScopes} />
            </dd>
          </>
        )}
        <dt>Reviewed</dt>
        <dd>
          {formatDateTime(item.reviewedAt)}
          {item.reviewReason && <> · “{item.reviewReason}”</>}
        </dd>
      </dl>
    </article>
  );
}
