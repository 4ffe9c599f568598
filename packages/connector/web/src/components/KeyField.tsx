import { type RefObject, useId, useState } from 'react';

/**
 * The secret-credential field: masked while typing (`type=password`), paste allowed, a show/hide
 * toggle, and every opt-out password managers honour (`autocomplete=new-password`, 1Password's
 * `data-1p-ignore`, LastPass's `data-lpignore`, Dashlane's `data-form-type=other`). Uncontrolled on
 * purpose: the key is not kept in React state; the form reads it once on submit and clears the field.
 */
export function KeyField({
  inputRef,
  label,
  hint,
  disabled,
  invalid,
  describedBy,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  label: string;
  hint: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const [shown, setShown] = useState(false);
  return (
    <div className="field key-field">
      <label htmlFor={id} className="field-label">
        <svg className="lock" aria-hidden="true" viewBox="0 0 16 16" width="15" height="15">
          <rect x="2.5" y="7" width="11" height="7.5" rx="1.5" fill="currentColor" />
          <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.8" />
        </svg>{' '}
        {label}
      </label>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
      <div className="key-input-row">
        <input
          ref={inputRef}
          id={id}
          name="integration-api-key"
          className="input key-input"
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          data-1p-ignore=""
          data-lpignore="true"
          data-form-type="other"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          inputMode="text"
          placeholder="Paste your API key"
          aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
          aria-invalid={invalid || undefined}
          disabled={disabled}
        />
        <button
          type="button"
          className="button button-secondary toggle"
          aria-controls={id}
          aria-pressed={shown}
          onClick={() => setShown((s) => !s)}
          disabled={disabled}
        >
          {shown ? 'Hide key' : 'Show key'}
        </button>
      </div>
    </div>
  );
}
