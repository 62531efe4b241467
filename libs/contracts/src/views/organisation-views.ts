import type { Role } from '@rectiflow/domain';

/** A signed-in person as `GET /api/me` and `GET /api/users` show them (never a password hash). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
  /** The unit they work in; null for the inspecting side (巡察办, 纪委监委, 巡察组). */
  unitId: string | null;
  /** A deactivated user cannot sign in; their tokens answer 401. */
  active: boolean;
  /** Holding a temporary password: they must change it before anything else. */
  mustChangePassword: boolean;
  /** `directory`: signs in with the directory's (LDAP / AD) password, not a local one. */
  authSource: 'local' | 'directory';
  /** Locked after too many failed sign-ins until this time (ISO-8601), else null. */
  lockedUntil: string | null;
  /** The departments this leader oversees (分管). */
  oversees: string[];
}

/** `POST /api/users`, `POST /api/users/:id/reset-password`: shown once, never stored. */
export interface UserWithPassword extends UserView {
  temporaryPassword?: string;
}

/** `POST /api/users/:id/reset-password`: the new temporary password, shown once. */
export interface TemporaryPasswordAnswer {
  temporaryPassword: string;
}

export interface LoginAnswer {
  accessToken: string;
  user: UserView;
  /** True while the user holds a temporary password: only `POST /api/me/password` works. */
  mustChangePassword: boolean;
}

export interface DepartmentView {
  id: string;
  unitId: string;
  code: string;
  name: string;
  /** A deactivated department takes no new findings and leaves the pickers. */
  active: boolean;
}

/** `GET /api/public/demo-users`: only answered where the demo organisation is seeded. */
export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  departmentCode: string | null;
  /** The unit's code (U1, U2…); null for the inspecting side. */
  unitCode: string | null;
}

export interface DemoUsersAnswer {
  password: string;
  users: DemoUser[];
}

/** `GET /api/public/settings`: what the web app needs to know before sign-in. */
export interface PublicSettings {
  /** ORG_TIMEZONE: due dates are calendar days there, and times are shown as they read there. */
  orgTimeZone: string;
  /** PASSWORD_MIN_LENGTH, so the change-password form checks it before sending. */
  passwordMinLength: number;
}
