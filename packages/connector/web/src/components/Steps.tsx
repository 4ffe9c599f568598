import type { ConnectStep } from '../api.ts';

export type StepStatus = 'waiting' | 'active' | 'done' | 'failed' | 'skipped';

const ICON: Record<StepStatus, string> = { waiting: '○', active: '', done: '✓', failed: '✕', skipped: '–' };
const SR: Record<StepStatus, string> = {
  waiting: 'waiting',
  active: 'in progress',
  done: 'done',
  failed: 'failed',
  skipped: 'not reached',
};

/** The save-and-test progress: one line per step with its status, announced politely to screen readers. */
export function Steps({
  steps,
  labels,
  status,
}: {
  steps: ConnectStep[];
  labels: Record<ConnectStep, string>;
  status: Record<ConnectStep, StepStatus>;
}) {
  return (
    <ol className="steps" aria-label="Progress" aria-live="polite" data-testid="connect-steps">
      {steps.map((s) => (
        <li key={s} className={`step step-${status[s]}`} data-step={s} data-status={status[s]}>
          <span className="step-icon" aria-hidden="true">
            {status[s] === 'active' ? <span className="spinner" /> : ICON[status[s]]}
          </span>
          <span className="step-label">
            {labels[s]}
            {status[s] === 'active' ? '…' : ''}
          </span>
          <span className="sr-only"> — {SR[status[s]]}</span>
        </li>
      ))}
    </ol>
  );
}
