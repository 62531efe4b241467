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
}

export interface LoginAnswer {
  accessToken: string;
  user: UserView;
}

export interface DepartmentView {
  id: string;
  unitId: string;
  code: string;
  name: string;
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
