import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserEntity } from '@rectiflow/persistence';

/**
 * How long a caller read from the database is trusted without reading it again. Another API
 * replica's change (roles, department, deactivation, password) is seen within this time; a
 * change made through this process is seen at once (`forget`).
 */
export const CALLER_CACHE_MS = 2_000;
const MAX_CACHED = 10_000;

/** What a request needs of its caller, as the database has it now. */
export type Caller = Pick<
  UserEntity,
  | 'id'
  | 'username'
  | 'roles'
  | 'departmentId'
  | 'unitId'
  | 'unitScope'
  | 'active'
  | 'tokenGeneration'
  | 'mustChangePassword'
>;

/**
 * The server decides who acts: every request's roles, department, unit and active flag come
 * from the users table (through a cache of a few seconds), never from the token, which only
 * names the user and the generation of their tokens it was issued under.
 */
@Injectable()
export class CallersService {
  private readonly cache = new Map<string, { caller: Caller | null; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async find(userId: string): Promise<Caller | null> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && hit.until > now) return hit.caller;
    const caller = await this.dataSource.getRepository(UserEntity).findOne({
      where: { id: userId },
      select: [
        'id',
        'username',
        'roles',
        'departmentId',
        'unitId',
        'unitScope',
        'active',
        'tokenGeneration',
        'mustChangePassword',
      ],
    });
    if (this.cache.size >= MAX_CACHED) {
      for (const [id, entry] of this.cache) if (entry.until <= now) this.cache.delete(id);
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
    }
    this.cache.set(userId, { caller, until: now + CALLER_CACHE_MS });
    return caller;
  }

  /** After a change to the user in this process: the next request reads the database. */
  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
