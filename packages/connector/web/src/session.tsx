import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, type AppConfig, api, onUnauthenticated, type SessionInfo, setCsrfToken } from './api.ts';

interface SessionState {
  /** undefined while loading, null when signed out. */
  session: SessionInfo | null | undefined;
  config: AppConfig | undefined;
  signedIn(info: SessionInfo): void;
  signOut(): Promise<void>;
  loadError: string | null;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [config, setConfig] = useState<AppConfig | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);

  const signedIn = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setSession(info);
  }, []);

  useEffect(() => {
    let live = true;
    api<AppConfig>('GET', '/config')
      .then((c) => live && setConfig(c))
      .catch((err) => live && setLoadError(err instanceof Error ? err.message : 'Could not load the app.'));
    api<SessionInfo>('GET', '/session')
      .then((info) => live && signedIn(info))
      .catch((err) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) setSession(null);
        else setLoadError(err instanceof Error ? err.message : 'Could not load your session.');
      });
    const off = onUnauthenticated(() => {
      setCsrfToken(null);
      setSession(null);
    });
    return () => {
      live = false;
      off();
    };
  }, [signedIn]);

  const signOut = useCallback(async () => {
    try {
      await api('DELETE', '/session');
    } finally {
      setCsrfToken(null);
      setSession(null);
    }
  }, []);

  const value = useMemo(() => ({ session, config, signedIn, signOut, loadError }), [session, config, signedIn, signOut, loadError]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The app's settings (for screens rendered only once they are loaded). */
export function useConfig(): AppConfig {
  const { config } = useSession();
  if (!config) throw new Error('config not loaded');
  return config;
}
