import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { Tone } from '../format.ts';

/** A modal on the native <dialog>: focus is trapped by the browser, Escape closes (unless busy). */
export function Dialog({
  title,
  onClose,
  busy = false,
  wide = false,
  children,
  testId,
}: {
  title: ReactNode;
  onClose(): void;
  busy?: boolean;
  wide?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose} disabled={busy}>
          ×
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

export function ErrorBanner({ message, onRetry }: { message: string | null | undefined; onRetry?: () => void }) {
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'ok' | 'warn' }) {
  return (
    <div className={`banner banner-${tone}`} role="status">
      {children}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

/** The integration's logo, or its brand colour with its initial when there is no (loadable) logo. */
export function IntegrationLogo({
  name,
  logoUrl,
  brandColor,
  size = 40,
}: {
  name: string;
  logoUrl: string | null;
  brandColor: string | null;
  size?: number;
}) {
  const [broken, setBroken] = useState(false);
  const dims = { width: size, height: size };
  if (logoUrl && !broken) return <img className="logo" src={logoUrl} alt="" style={dims} onError={() => setBroken(true)} />;
  return (
    <span className="logo logo-initial" aria-hidden="true" style={{ ...dims, background: brandColor ?? '#475569', fontSize: size * 0.45 }}>
      {name.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}

export function PageHeader({ title, children, lead }: { title: string; lead?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {lead && <p className="lead">{lead}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}
