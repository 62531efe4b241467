import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import * as bcrypt from 'bcryptjs';
import type { DataSource, EntityManager } from 'typeorm';
import { loadConfig } from '@rectiflow/config';
import { misplacedRoles, ROLES, type Role } from '@rectiflow/domain';
import {
  appendAuditEvents,
  createDataSource,
  runMigrationsLocked,
  UnitEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { canonicalUsername } from './http/input-hygiene';
import { temporaryPassword } from './organisation/temporary-password';

/**
 * `npm run admin -- <command>`: what an operator does against the configured database before
 * anyone can sign in — the first office account of a new deployment, or a new temporary
 * password for an office account locked out of the web app. It migrates the schema first,
 * prints the temporary password once, and writes the audit log like the API does (the actor
 * is the operating-system account that ran it).
 */
const USAGE = `usage:
  npm run admin -- create-user --username NAME --roles ROLE[,ROLE] [--display-name 名称]
                   [--unit CODE [--unit-name 单位名称]]
      inspecting side (no --unit): roles inspection_office, supervisor, inspector;
      a unit's people (--unit CODE; --unit-name creates the unit when it does not exist):
      office, leader, committee, … (department roles are given in the web app, with a department)
  npm run admin -- reset-password --username NAME
      a new temporary password (to be changed at sign-in); ends a lockout`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      roles: { type: 'string' },
      'display-name': { type: 'string' },
      unit: { type: 'string' },
      'unit-name': { type: 'string' },
    },
    strict: true,
  });
  if (command !== 'create-user' && command !== 'reset-password')
    throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  if (!values.username) throw new UsageError('--username is required');
  const username = canonicalUsername(values.username);
  if (!/^[a-z0-9_.-]{2,60}$/.test(username))
    throw new UsageError('--username must be 2-60 letters, digits, ., - or _');

  const config = loadConfig();
  const dataSource = createDataSource({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
    const password =
      command === 'create-user'
        ? await createUser(dataSource, username, values)
        : await resetPassword(dataSource, username);
    const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
    console.log(
      `${command === 'create-user' ? 'created' : 'reset'} ${username} on ${where}\n` +
        `temporary password (shown once; to be changed at the first sign-in): ${password}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function createUser(
  dataSource: DataSource,
  username: string,
  values: { roles?: string; 'display-name'?: string; unit?: string; 'unit-name'?: string },
): Promise<string> {
  const roles = (values.roles ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0) throw new UsageError('--roles is required');
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0)
    throw new UsageError(`unknown roles: ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
  if (roles.includes('department') || roles.includes('department_head'))
    throw new UsageError(
      'department roles need a department: create the department and the person in the web app',
    );
  const password = temporaryPassword();
  const passwordHash = await bcrypt.hash(password, 10);
  await writeTransaction(dataSource, async (em) => {
    const taken = await em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('LOWER(u.username) = :username', { username })
      .getExists();
    if (taken) throw new UsageError(`username ${username} already exists: nothing was changed`);
    const unitId = values.unit ? await unitByCode(em, values.unit, values['unit-name']) : null;
    const misplaced = misplacedRoles(roles as Role[], unitId);
    if (misplaced.length > 0)
      throw new UsageError(
        unitId
          ? `roles ${misplaced.join(', ')} belong to the inspecting side: leave out --unit`
          : `roles ${misplaced.join(', ')} belong to a unit: give --unit CODE`,
      );
    const row: UserEntity = {
      id: randomUUID(),
      unitId,
      unitScope: null,
      username,
      displayName: values['display-name']?.trim() || username,
      passwordHash,
      roles: roles as Role[],
      departmentId: null,
      email: null,
      createdAt: new Date().toISOString(),
      active: true,
      tokenGeneration: 0,
      failedLogins: 0,
      lockedUntil: null,
      mustChangePassword: true,
      authSource: 'local',
    };
    await em.getRepository(UserEntity).insert(row);
    await audit(em, 'user.created', row, {
      username,
      roles: row.roles,
      departmentId: null,
      unitId,
      authSource: 'local',
      temporaryPassword: true,
    });
  });
  return password;
}

async function resetPassword(dataSource: DataSource, username: string): Promise<string> {
  const password = temporaryPassword();
  const passwordHash = await bcrypt.hash(password, 10);
  await writeTransaction(dataSource, async (em) => {
    const row = await em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('LOWER(u.username) = :username', { username })
      .getOne();
    if (!row) throw new UsageError(`no user ${username}`);
    if (row.authSource === 'directory')
      throw new UsageError(`${username} signs in with the directory's password: reset it there`);
    await em.getRepository(UserEntity).update(
      { id: row.id },
      {
        passwordHash,
        mustChangePassword: true,
        failedLogins: 0,
        lockedUntil: null,
        tokenGeneration: row.tokenGeneration + 1,
      },
    );
    await audit(em, 'user.password_reset', row, { tokensRevoked: true });
  });
  return password;
}

/** The unit with this code; created (and audited) when a name for it is given. */
async function unitByCode(em: EntityManager, code: string, name?: string): Promise<string> {
  const units = em.getRepository(UnitEntity);
  const unit = await units.findOneBy({ code });
  if (unit) return unit.id;
  if (!name?.trim())
    throw new UsageError(`no unit ${code}: give --unit-name to create it, or use an existing code`);
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(code))
    throw new UsageError('--unit must be 1-40 letters, digits, - or _');
  const row: UnitEntity = {
    id: randomUUID(),
    code,
    name: name.trim(),
    active: true,
    settings: null,
    createdAt: new Date().toISOString(),
  };
  await units.insert(row);
  await appendAuditEvents(em, [
    {
      eventId: randomUUID(),
      at: new Date().toISOString(),
      actorId: null,
      action: 'unit.created',
      entityType: 'unit',
      entityId: row.id,
      findingId: null,
      unitId: row.id,
      data: { code, name: row.name, via: 'admin-command', osUser: osUser() },
    },
  ]);
  return row.id;
}

async function audit(
  em: EntityManager,
  action: string,
  user: UserEntity,
  data: Record<string, unknown>,
): Promise<void> {
  await appendAuditEvents(em, [
    {
      eventId: randomUUID(),
      at: new Date().toISOString(),
      actorId: null,
      action,
      entityType: 'user',
      entityId: user.id,
      findingId: null,
      unitId: user.unitId,
      data: { ...data, via: 'admin-command', osUser: osUser() },
    },
  ]);
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err)) {
    console.error(`admin: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
