import { Link } from '../router.tsx';

export function SettingsTabs({ current }: { current: 'accounting' | 'api-keys' }) {
  const tabs = [
    { id: 'accounting', label: 'Accounting', href: '/settings/accounting' },
    { id: 'api-keys', label: 'API Keys', href: '/settings/api-keys' },
  ] as const;
  return (
    <nav className="tabs" aria-label="Settings">
      {tabs.map((t) => (
        <Link
          key={t.id}
          href={t.href}
          className={t.id === current ? 'tab tab-current' : 'tab'}
          aria-current={t.id === current ? 'page' : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
