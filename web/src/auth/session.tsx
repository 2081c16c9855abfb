// The signed-in user's session: tokens kept in localStorage (so a reload stays signed in),
// refreshed a minute before they expire, and cleared on sign-out or when Cognito refuses them.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { claimsOf, CognitoClient, type SignInResult, type Tokens } from './cognito';

const storageKey = 'panther.session';
const refreshMargin = 60_000;

export interface User {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
}

export interface Session {
  user: User | null;
  signIn(email: string, password: string): Promise<SignInResult>;
  completeNewPassword(session: string, username: string, password: string): Promise<void>;
  forgotPassword(email: string): Promise<void>;
  confirmForgotPassword(email: string, code: string, password: string): Promise<void>;
  changePassword(previous: string, proposed: string): Promise<void>;
  signOut(): Promise<void>;
  /** A valid ID token, refreshed when needed; null when signed out. */
  idToken(): Promise<string | null>;
}

const SessionContext = createContext<Session | null>(null);

function userOf(tokens: Tokens): User {
  const claims = claimsOf(tokens.idToken);
  return {
    id: String(claims.sub ?? ''),
    email: String(claims.email ?? ''),
    givenName: String(claims.given_name ?? ''),
    familyName: String(claims.family_name ?? ''),
  };
}

function load(): Tokens | null {
  try {
    const raw = localStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

function store(tokens: Tokens | null): void {
  if (tokens) localStorage.setItem(storageKey, JSON.stringify(tokens));
  else localStorage.removeItem(storageKey);
}

export function SessionProvider({ client, children }: { client: CognitoClient; children: ReactNode }) {
  const [tokens, setTokens] = useState<Tokens | null>(load);

  const save = useCallback((next: Tokens | null) => {
    store(next);
    setTokens(next);
  }, []);

  const session = useMemo<Session>(() => {
    let refreshing: Promise<Tokens | null> | null = null;
    return {
      user: tokens ? userOf(tokens) : null,
      async signIn(email, password) {
        const result = await client.signIn(email.trim(), password);
        if (result.kind === 'signedIn') save(result.tokens);
        return result;
      },
      async completeNewPassword(challengeSession, username, password) {
        const result = await client.completeNewPassword(challengeSession, username, password);
        if (result.kind === 'signedIn') save(result.tokens);
      },
      forgotPassword: (email) => client.forgotPassword(email.trim()),
      confirmForgotPassword: (email, code, password) => client.confirmForgotPassword(email.trim(), code.trim(), password),
      async changePassword(previous, proposed) {
        if (!tokens) throw new Error('Sign in first.');
        await client.changePassword(tokens.accessToken, previous, proposed);
      },
      async signOut() {
        const current = tokens;
        save(null);
        if (current) {
          // Ending the session at Cognito is best effort: locally it has ended already.
          await client.signOut(current.accessToken).catch(() => undefined);
        }
      },
      async idToken() {
        const current = load();
        if (!current) return null;
        if (current.expiresAt - refreshMargin > Date.now()) return current.idToken;
        refreshing ??= client
          .refresh(current.refreshToken)
          .then((next) => {
            save(next);
            return next;
          })
          .catch(() => {
            save(null);
            return null;
          })
          .finally(() => {
            refreshing = null;
          });
        return (await refreshing)?.idToken ?? null;
      },
    };
  }, [client, tokens, save]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
