import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage, type LoginRequest, type SessionInfo } from '../api.ts';
import { Banner } from '../components/ui.tsx';
import { navigate, safeNext, useTitle } from '../router.tsx';
import { useConfig, useSession } from '../session.tsx';

export function homeOf(info: SessionInfo): string {
  return info.principal.kind === 'operator' ? '/operators' : '/connect';
}

export function LoginPage() {
  const config = useConfig();
  const { signedIn } = useSession();
  useTitle('Sign in', config.appName);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  useEffect(() => emailRef.current?.focus(), []);
  const next = safeNext(new URLSearchParams(window.location.search).get('next'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const info = await api<SessionInfo>('POST', '/session', { email, password } satisfies LoginRequest);
      setPassword('');
      signedIn(info);
      const wanted = next && (info.principal.kind === 'operator') === next.startsWith('/operators') ? next : homeOf(info);
      navigate(wanted, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'The e-mail or password is not correct.' : errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <section className="card login-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in to {config.appName}</h1>
        <p className="muted">
          {next === '/connect'
            ? `Sign in to connect ${config.appName} to ${config.platformName}. You will come straight back to the connect screen.`
            : `For ${config.appName} customers and operators.`}
        </p>
        <form method="post" onSubmit={submit}>
          <div className="field">
            <label htmlFor="email" className="field-label">
              E-mail
            </label>
            <input
              id="email"
              className="input"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              ref={emailRef}
            />
          </div>
          <div className="field">
            <label htmlFor="password" className="field-label">
              Password
            </label>
            <input
              id="password"
              className="input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          {error && (
            <Banner tone="error" role="alert">
              {error}
            </Banner>
          )}
          <button type="submit" className="button button-primary button-wide" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
    </div>
  );
}
