import { randomUUID } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import type { Role } from '@rectiflow/domain';
import {
  DepartmentEntity,
  UnitEntity,
  UserEntity,
  appendAuditEvents,
  writeTransaction,
} from '@rectiflow/persistence';

export const DEMO_PASSWORD = 'demo';

/** The demo's units: U1 as API.md's demo organisation, U2 beside it. */
export const DEMO_UNITS = [
  { code: 'U1', name: '区公安分局' },
  { code: 'U2', name: '区市场监督管理局' },
];

export const DEMO_DEPARTMENTS = [
  { unit: 'U1', code: 'D1', name: '办公室' },
  { unit: 'U1', code: 'D2', name: '政治处' },
  { unit: 'U1', code: 'D3', name: '警务保障室' },
  { unit: 'U2', code: 'U2D1', name: '办公室' },
];

/**
 * The demo users of API.md, in unit U1 as its table lists them, plus unit U2's and the
 * inspecting side's (no unit); also listed on the login page (GET /api/public/demo-users).
 */
export const DEMO_USERS: {
  username: string;
  displayName: string;
  roles: Role[];
  /** Unit code; absent for the inspecting side. */
  unit?: string;
  department?: string;
}[] = [
  { username: 'office', displayName: '整改办', roles: ['office'], unit: 'U1' },
  { username: 'committee', displayName: '党委', roles: ['committee'], unit: 'U1' },
  { username: 'leader1', displayName: '张局长（责任领导）', roles: ['leader'], unit: 'U1' },
  { username: 'leader2', displayName: '李政委（责任领导）', roles: ['leader'], unit: 'U1' },
  { username: 'supervisor', displayName: '纪委督办', roles: ['supervisor'], unit: 'U1' },
  { username: 'inspector', displayName: '巡察组', roles: ['inspector'], unit: 'U1' },
  {
    username: 'dept1',
    displayName: '办公室经办人',
    roles: ['department'],
    unit: 'U1',
    department: 'D1',
  },
  {
    username: 'dept2',
    displayName: '政治处经办人',
    roles: ['department'],
    unit: 'U1',
    department: 'D2',
  },
  {
    username: 'dept3',
    displayName: '警务保障室经办人',
    roles: ['department'],
    unit: 'U1',
    department: 'D3',
  },
  {
    username: 'dept1head',
    displayName: '办公室主任',
    roles: ['department_head'],
    unit: 'U1',
    department: 'D1',
  },
  {
    username: 'dept2head',
    displayName: '政治处主任',
    roles: ['department_head'],
    unit: 'U1',
    department: 'D2',
  },
  {
    username: 'dept3head',
    displayName: '警务保障室主任',
    roles: ['department_head'],
    unit: 'U1',
    department: 'D3',
  },
  { username: 'u2office', displayName: '市场监管局整改办', roles: ['office'], unit: 'U2' },
  { username: 'u2leader', displayName: '王局长（责任领导）', roles: ['leader'], unit: 'U2' },
  {
    username: 'u2dept1',
    displayName: '市场监管局办公室经办人',
    roles: ['department'],
    unit: 'U2',
    department: 'U2D1',
  },
  {
    username: 'u2dept1head',
    displayName: '市场监管局办公室主任',
    roles: ['department_head'],
    unit: 'U2',
    department: 'U2D1',
  },
  { username: 'xcb', displayName: '区委巡察办', roles: ['inspection_office'] },
  { username: 'jwjd', displayName: '区纪委监委（日常监督）', roles: ['supervisor'] },
];

/**
 * Seeds the demo units, departments and users into an empty database (embedded default only).
 * Returns false when users already exist.
 */
export async function seedDemoOrganisation(dataSource: DataSource): Promise<boolean> {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  return writeTransaction(dataSource, async (em) => {
    if ((await em.getRepository(UserEntity).count()) > 0) return false;
    const now = new Date().toISOString();
    const units = DEMO_UNITS.map((u) => ({
      id: randomUUID(),
      ...u,
      active: true,
      settings: null,
      createdAt: now,
    }));
    await em.getRepository(UnitEntity).insert(units);
    const unitId = (code?: string) => units.find((u) => u.code === code)?.id ?? null;
    const departments = DEMO_DEPARTMENTS.map((d) => ({
      id: randomUUID(),
      unitId: unitId(d.unit) as string,
      code: d.code,
      name: d.name,
      createdAt: now,
      active: true,
    }));
    // Ids by code taken before the insert: TypeORM writes what it reads back from a multi-row
    // insert into the objects given, and on SQLite it can put one row's values into another.
    const deptIds = new Map(departments.map((d) => [d.code, d.id]));
    await em.getRepository(DepartmentEntity).insert(departments);
    const deptId = (code?: string) => (code ? (deptIds.get(code) ?? null) : null);
    const users = DEMO_USERS.map((u) => ({
      id: randomUUID(),
      unitId: unitId(u.unit),
      unitScope: null,
      username: u.username,
      displayName: u.displayName,
      passwordHash,
      roles: u.roles,
      departmentId: deptId(u.department),
      email: `${u.username}@demo.rectiflow.local`,
      createdAt: now,
      active: true,
      tokenGeneration: 0,
      failedLogins: 0,
      lockedUntil: null,
      mustChangePassword: false,
      authSource: 'local' as const,
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
        data: {
          units: units.map((u) => u.code),
          departments: departments.map((d) => d.code),
          users: users.map((u) => u.username),
        },
      },
    ]);
    return true;
  });
}
