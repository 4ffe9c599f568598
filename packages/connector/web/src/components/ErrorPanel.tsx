import type { ConnectError } from '../api.ts';
import { errorTitle, scopeLabel } from '../format.ts';

/** One classified failure: a headline, the plain-language message, what to do next, and a retry. */
export function ErrorPanel({
  error,
  platform,
  replacing,
  onRetry,
}: {
  error: ConnectError;
  platform: string;
  replacing: boolean;
  onRetry(): void;
}) {
  return (
    <div className="error-panel" role="alert" data-testid="connect-error" data-error-class={error.errorClass}>
      <h3 className="error-title">{errorTitle(error.errorClass, platform)}</h3>
      <p>{error.message}</p>
      {error.missingScopes && error.missingScopes.length > 0 && (
        <div>
          <p className="error-sub">Missing permissions:</p>
          <ul className="scope-list" data-testid="missing-scopes">
            {error.missingScopes.map((s) => (
              <li key={s}>
                <code>{s}</code> <span className="muted">— {scopeLabel(s)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="error-action">
        <strong>What to do: </strong>
        {error.action}
      </p>
      <p className="muted small">
        {replacing ? 'Your current key is still in use; nothing was changed.' : 'Nothing was saved.'} You can paste the key again and retry.
      </p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
