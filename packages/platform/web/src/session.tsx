import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthenticated, type SessionInfo, setCsrfToken } from './api.ts';

interface SessionState {
  /** undefined while loading, null when signed out. */
  session: SessionInfo | null | undefined;
  signedIn(info: SessionInfo): void;
  signOut(): Promise<void>;
  /** Records a fresh password re-entry (install and regenerate responses carry it). */
  setReauthFreshUntil(until: string | null): void;
  loadError: string | null;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);

  const signedIn = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setSession(info);
  }, []);

  useEffect(() => {
    let live = true;
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

  const setReauthFreshUntil = useCallback((until: string | null) => {
    setSession((s) => (s ? { ...s, reauthFreshUntil: until } : s));
  }, []);

  const value = useMemo(
    () => ({ session, signedIn, signOut, setReauthFreshUntil, loadError }),
    [session, signedIn, signOut, setReauthFreshUntil, loadError],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in session (for screens rendered only when signed in). */
export function useSignedIn(): SessionInfo {
  const { session } = useSession();
  if (!session) throw new Error('not signed in');
  return session;
}

/** Whether a password re-entry is still fresh, so sensitive actions need not ask again. */
export function reauthIsFresh(session: SessionInfo): boolean {
  return !!session.reauthFreshUntil && Date.parse(session.reauthFreshUntil) - 15_000 > Date.now();
}
