/** `GET /api/auth/providers`: the ways to sign in this deployment offers (the login page asks). */
export interface SignInProviders {
  /** Username and password (local accounts, and directory accounts with the directory's). */
  password: true;
  /** Directory sign-in (LDAP/AD) is configured. */
  directory: boolean;
  /** Single sign-on (OpenID Connect) when configured: the button's label (null: the app's own). */
  oidc: { label: string | null } | null;
}
