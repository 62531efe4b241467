import { randomUUID } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import type { Role } from '@rectiflow/domain';
import {
  DepartmentEntity,
  UserEntity,
  appendAuditEvents,
  writeTransaction,
} from '@rectiflow/persistence';

export const DEMO_PASSWORD = 'demo';

export const DEMO_DEPARTMENTS = [
  { code: 'D1', name: '办公室' },
  { code: 'D2', name: '政治处' },
  { code: 'D3', name: '警务保障室' },
];

/** The demo users of API.md; also listed on the login page (GET /api/public/demo-users). */
export const DEMO_USERS: {
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
}[] = [
  { username: 'office', displayName: '整改办', roles: ['office'] },
  { username: 'committee', displayName: '党委', roles: ['committee'] },
  { username: 'leader1', displayName: '张局长（责任领导）', roles: ['leader'] },
  { username: 'leader2', displayName: '李政委（责任领导）', roles: ['leader'] },
  { username: 'supervisor', displayName: '纪委督办', roles: ['supervisor'] },
  { username: 'inspector', displayName: '巡察组', roles: ['inspector'] },
  { username: 'dept1', displayName: '办公室经办人', roles: ['department'], department: 'D1' },
  { username: 'dept2', displayName: '政治处经办人', roles: ['department'], department: 'D2' },
  { username: 'dept3', displayName: '警务保障室经办人', roles: ['department'], department: 'D3' },
  {
    username: 'dept1head',
    displayName: '办公室主任',
    roles: ['department_head'],
    department: 'D1',
  },
  {
    username: 'dept2head',
    displayName: '政治处主任',
    roles: ['department_head'],
    department: 'D2',
  },
  {
    username: 'dept3head',
    displayName: '警务保障室主任',
    roles: ['department_head'],
    department: 'D3',
  },
];

/**
 * Seeds the demo organisation of API.md into an empty database (embedded default only).
 * Returns false when users already exist.
 */
export async function seedDemoOrganisation(dataSource: DataSource): Promise<boolean> {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  return writeTransaction(dataSource, async (em) => {
    if ((await em.getRepository(UserEntity).count()) > 0) return false;
    const now = new Date().toISOString();
    const departments = DEMO_DEPARTMENTS.map((d) => ({ id: randomUUID(), ...d, createdAt: now }));
    await em.getRepository(DepartmentEntity).insert(departments);
    const deptId = (code?: string) => departments.find((d) => d.code === code)?.id ?? null;
    const users = DEMO_USERS.map((u) => ({
      id: randomUUID(),
      username: u.username,
      displayName: u.displayName,
      passwordHash,
      roles: u.roles,
      departmentId: deptId(u.department),
      email: `${u.username}@demo.rectiflow.local`,
      createdAt: now,
    }));
    await em.getRepository(UserEntity).insert(users);
    await appendAuditEvents(em, [
      {
        eventId: randomUUID(),
        at: now,
        actorId: null,
        action: 'organisation.seeded',
        entityType: 'organisation',
        entityId: 'demo',
        findingId: null,
        data: { departments: departments.map((d) => d.code), users: users.map((u) => u.username) },
      },
    ]);
    return true;
  });
}
