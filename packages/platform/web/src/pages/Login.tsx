import { type FormEvent, useState } from 'react';
import { api, errorMessage, type LoginRequest, type PartnerSignupRequest, type SessionInfo } from '../api.ts';
import { ErrorBanner } from '../components/ui.tsx';
import { Link, navigate, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';

export function homeFor(session: SessionInfo): string {
  if (session.user.kind === 'staff') return '/staff/review';
  if (session.user.kind === 'partner') return '/partner';
  return '/settings/accounting';
}

/** Where to go after signing in: the page that sent us here, if it is one of ours. */
function nextPath(): string | null {
  const next = new URLSearchParams(window.location.search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function LoginPage() {
  useTitle('Sign in');
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const info = await api<SessionInfo>('POST', '/session', { email, password } satisfies LoginRequest);
      setPassword('');
      signedIn(info);
      navigate(nextPath() ?? homeFor(info), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" /> Latchkey
        </div>
        <h1 id="login-title">Sign in</h1>
        <p className="lead">Company admins, integration partners and Latchkey staff sign in here.</p>
        <label className="field">
          <span className="field-label">Email</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorBanner message={error} />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="auth-switch">
          Building an integration? <Link href="/signup">Request partner access</Link>
        </p>
      </form>
    </div>
  );
}

export function SignupPage() {
  useTitle('Request partner access');
  const { signedIn } = useSession();
  const [form, setForm] = useState({ partnerName: '', name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const info = await api<SessionInfo>('POST', '/signup/partner', form satisfies PartnerSignupRequest);
      signedIn(info);
      navigate('/partner/new', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="signup-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" /> Latchkey
        </div>
        <h1 id="signup-title">Request partner access</h1>
        <p className="lead">Create a developer account for your organisation, then submit your integration for review.</p>
        <label className="field">
          <span className="field-label">Organisation</span>
          <input name="organization" autoComplete="organization" required value={form.partnerName} onChange={set('partnerName')} />
        </label>
        <label className="field">
          <span className="field-label">Your name</span>
          <input name="name" autoComplete="name" required value={form.name} onChange={set('name')} />
        </label>
        <label className="field">
          <span className="field-label">Work email</span>
          <input type="email" name="email" autoComplete="username" required value={form.email} onChange={set('email')} />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            type="password"
            name="new-password"
            autoComplete="new-password"
            minLength={8}
            required
            value={form.password}
            onChange={set('password')}
          />
          <span className="hint">At least 8 characters.</span>
        </label>
        <ErrorBanner message={error} />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Creating account…' : 'Create partner account'}
        </button>
        <p className="auth-switch">
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      </form>
    </div>
  );
}
