import type { ReactNode } from 'react';
import type { SessionInfo } from './api.ts';
import { Empty, ErrorBanner, Loading } from './components/ui.tsx';
import { ApiKeysPage } from './pages/ApiKeys.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { homeFor, LoginPage, SignupPage } from './pages/Login.tsx';
import { MarketplacePage } from './pages/Marketplace.tsx';
import { PartnerHomePage, PartnerNewPage } from './pages/Partner.tsx';
import { StaffReviewPage } from './pages/Staff.tsx';
import { Link, navigate, Redirect, usePath } from './router.tsx';
import { useSession } from './session.tsx';

interface NavItem {
  href: string;
  label: string;
  /** Also current for these path prefixes. */
  match?: string;
}

function navFor(session: SessionInfo): NavItem[] {
  const u = session.user;
  if (u.kind === 'staff')
    return [
      { href: '/staff/review', label: 'Review queue' },
      { href: '/audit', label: 'Audit log' },
    ];
  if (u.kind === 'partner')
    return [
      { href: '/partner', label: 'Your integrations' },
      { href: '/partner/new', label: 'New integration' },
    ];
  const items: NavItem[] = [
    { href: '/marketplace', label: 'Marketplace' },
    { href: '/settings/accounting', label: 'Settings', match: '/settings' },
  ];
  if (u.role === 'owner' || u.role === 'admin') items.push({ href: '/audit', label: 'Audit log' });
  return items;
}

function screenFor(path: string, session: SessionInfo): ReactNode {
  const { kind, role } = session.user;
  const admin = kind === 'company' && (role === 'owner' || role === 'admin');
  if (path === '/' || path === '/login' || path === '/signup') return <Redirect to={homeFor(session)} />;
  if (kind === 'staff' && path === '/staff/review') return <StaffReviewPage />;
  if (kind === 'partner' && path === '/partner') return <PartnerHomePage />;
  if (kind === 'partner' && path === '/partner/new') return <PartnerNewPage />;
  if (kind === 'company' && path === '/marketplace') return <MarketplacePage variant="marketplace" />;
  if (kind === 'company' && (path === '/settings' || path === '/settings/accounting')) return <MarketplacePage variant="accounting" />;
  if (kind === 'company' && path === '/settings/api-keys') return <ApiKeysPage />;
  if ((kind === 'staff' || admin) && path === '/audit') return <AuditPage />;
  return (
    <Empty title="Page not found">
      <Link href={homeFor(session)}>Go to your start page</Link>
    </Empty>
  );
}

function Shell({ session, children }: { session: SessionInfo; children: ReactNode }) {
  const { signOut } = useSession();
  const path = usePath();
  const u = session.user;
  const context =
    u.kind === 'company' ? `${u.companyName} · ${u.role}` : u.kind === 'partner' ? `${u.partnerName} · partner` : 'Latchkey staff';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href={homeFor(session)} className="brand">
          <span className="brand-mark" aria-hidden="true" /> Latchkey
        </Link>
        <nav aria-label="Main" className="main-nav">
          {navFor(session).map((item) => {
            const current = path === item.href || (item.match ? path.startsWith(item.match) : false);
            return (
              <Link
                key={item.href}
                href={item.href}
                className={current ? 'nav-link nav-current' : 'nav-link'}
                aria-current={current ? 'page' : undefined}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="user-box">
          <div className="user-name">
            {u.name}
            <span className="user-context">{context}</span>
          </div>
          <button
            type="button"
            className="button button-small"
            onClick={async () => {
              await signOut().catch(() => {});
              navigate('/login', { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function App() {
  const { session, loadError } = useSession();
  const path = usePath();
  if (loadError)
    return (
      <main className="main">
        <ErrorBanner message={loadError} onRetry={() => window.location.reload()} />
      </main>
    );
  if (session === undefined)
    return (
      <main className="main">
        <Loading />
      </main>
    );
  if (session === null) {
    if (path === '/signup') return <SignupPage />;
    if (path !== '/login') return <Redirect to={`/login${path === '/' ? '' : `?next=${encodeURIComponent(path)}`}`} />;
    return <LoginPage />;
  }
  return <Shell session={session}>{screenFor(path, session)}</Shell>;
}
