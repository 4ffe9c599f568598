import { type ReactNode, useEffect, useId, useRef } from 'react';
import type { Tone } from '../format.ts';

/** A modal on the native <dialog>: the browser traps focus, Escape closes (unless busy). */
export function Dialog({
  title,
  onClose,
  busy = false,
  children,
  testId,
}: {
  title: ReactNode;
  onClose(): void;
  busy?: boolean;
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
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

export function Badge({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {tone === 'ok' && <span aria-hidden="true">✓ </span>}
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

export function Banner({
  tone,
  children,
  role = 'status',
}: {
  tone: 'info' | 'ok' | 'warn' | 'error';
  children: ReactNode;
  role?: 'status' | 'alert';
}) {
  return (
    <div className={`banner banner-${tone}`} role={role}>
      {children}
    </div>
  );
}
