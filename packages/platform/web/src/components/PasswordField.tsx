import { useEffect, useRef } from 'react';

/** Password re-entry before a sensitive action. Password managers may fill it: it is the user's own login password. */
export function PasswordField({ value, onChange, label = 'Your password' }: { value: string; onChange(v: string): void; label?: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        ref={ref}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="confirm-password"
      />
    </label>
  );
}
