import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { Role } from '@rectiflow/domain';
import { api, setPasswordChangeHandler, setToken, setUnauthorizedHandler } from '../api/client';
import type { LoginAnswer, User } from '../api/types';

const STORAGE_KEY = 'rectiflow.session';

interface Session {
  token: string;
  user: User;
}

interface SessionContextValue {
  user: User | null;
  login(username: string, password: string): Promise<User>;
  /** Single sign-on: a token the API handed over (in the URL fragment) becomes the session. */
  signInWithToken(token: string): Promise<User>;
  logout(): void;
  /** Holding a temporary password: nothing but the change-password form is open. */
  mustChangePassword: boolean;

  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function readSaved(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s.token && s.user ? s : null;
  } catch {
    return null;
  }
}

// Set before the first render so the first requests already carry the token.
const saved = readSaved();
setToken(saved?.token ?? null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(saved);

  const logout = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setSession(null);
  }, []);

  // Any answer saying the password must be changed first sends the app to that form.
  const requirePasswordChange = useCallback(() => {
    setSession((s) => {
      if (!s || s.user.mustChangePassword) return s;
      const next = { ...s, user: { ...s.user, mustChangePassword: true } };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(logout);
    setPasswordChangeHandler(requirePasswordChange);
    return () => {
      setUnauthorizedHandler(null);
      setPasswordChangeHandler(null);
    };
  }, [logout, requirePasswordChange]);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await api.post<LoginAnswer>('/auth/login', { username, password });
    const user = {
      ...answer.user,
      mustChangePassword: !!(answer.mustChangePassword || answer.user.mustChangePassword),
    };
    const next = { token: answer.accessToken, user };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setToken(next.token);
    setSession(next);
    return user;
  }, []);

  const signInWithToken = useCallback(async (token: string) => {
    setToken(token);
    try {
      const user = await api.get<User>('/me');
      const next = { token, user };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      setSession(next);
      return user;
    } catch (err) {
      setToken(null);
      throw err;
    }
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({
      user: session?.user ?? null,
      login,
      signInWithToken,
      logout,
      mustChangePassword: !!session?.user.mustChangePassword,
      hasRole: (...roles) => !!session && session.user.roles.some((r) => roles.includes(r)),
    }),
    [session, login, signInWithToken, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for pages behind the sign-in gate. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
