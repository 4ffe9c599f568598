import type { ReactNode } from 'react';
import { Banner, Loading } from './components/ui.tsx';
import { ConnectPage } from './pages/Connect.tsx';
import { homeOf, LoginPage } from './pages/Login.tsx';
import { OperatorsPage } from './pages/Operators.tsx';
import { Link, Redirect, usePath, useTitle } from './router.tsx';
import { useSession } from './session.tsx';

export function App() {
  const { session, config, signOut, loadError } = useSession();
  const path = usePath();

  if (loadError && (!config || session === undefined))
    return (
      <main className="main">
        <Banner tone="error" role="alert">
          {loadError}
        </Banner>
      </main>
    );
  if (!config || session === undefined)
    return (
      <main className="main">
        <Loading />
      </main>
    );

  let content: ReactNode;
  if (path === '/login') {
    content = session ? <Redirect to={homeOf(session)} /> : <LoginPage />;
  } else if (!session) {
    // Sign in first, then come back to where the customer was going (e.g. the connect URL from the platform).
    const next = path === '/' ? '' : `?next=${encodeURIComponent(path)}`;
    content = <Redirect to={`/login${next}`} />;
  } else if (path === '/') {
    content = <Redirect to={homeOf(session)} />;
  } else if (path === '/connect') {
    content =
      session.principal.kind === 'customer' ? (
        <ConnectPage />
      ) : (
        <Banner tone="info">
          The connect screen is for {config.appName}’s customers. <Link href="/operators">Open the connections overview</Link>.
        </Banner>
      );
  } else if (path === '/operators') {
    content =
      session.principal.kind === 'operator' ? (
        <OperatorsPage />
      ) : (
        <Banner tone="info">
          The overview is for {config.appName}’s operators. <Link href="/connect">Go to your connection</Link>.
        </Banner>
      );
  } else {
    content = <NotFound />;
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>
              {config.appName} <span className="brand-sub">connector for {config.platformName}</span>
            </span>
          </Link>
          {session && (
            <nav className="nav" aria-label="Main">
              {session.principal.kind === 'customer' ? (
                <Link href="/connect" aria-current={path === '/connect' ? 'page' : undefined}>
                  Connection
                </Link>
              ) : (
                <Link href="/operators" aria-current={path === '/operators' ? 'page' : undefined}>
                  Connections overview
                </Link>
              )}
            </nav>
          )}
          {session && (
            <div className="who">
              <span className="who-name">
                {session.principal.kind === 'customer' ? session.principal.tenantName : `${session.principal.name} · operator`}
              </span>
              <span className="who-email">{session.principal.email}</span>
              <button type="button" className="button button-small button-secondary" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {content}
      </main>
    </>
  );
}

function NotFound() {
  useTitle('Not found');
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Go to the start page</Link>
      </p>
    </div>
  );
}
