import type { Role } from '@rectiflow/domain';

/** A signed-in person as `GET /api/me` and `GET /api/users` show them (never a password hash). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
}

export interface LoginAnswer {
  accessToken: string;
  user: UserView;
}

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
}

/** `GET /api/public/demo-users`: only answered where the demo organisation is seeded. */
export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  departmentCode: string | null;
}

export interface DemoUsersAnswer {
  password: string;
  users: DemoUser[];
}
