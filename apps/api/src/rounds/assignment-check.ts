import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DepartmentEntity, UserEntity } from '@rectiflow/persistence';

/**
 * Checks that the people and departments a request names exist and fit — in the unit the
 * finding belongs to (another unit's leader or department is as unknown as a made-up one) —
 * so a bad id is a 400 naming the field before any workflow is asked.
 */
@Injectable()
export class AssignmentCheck {
  constructor(private readonly dataSource: DataSource) {}

  async check(
    fields: {
      responsibleLeaderId?: string;
      leadDepartmentId?: string;
      coDepartmentIds?: string[];
      ownerDepartmentIds?: string[];
    },
    unitId: string,
  ): Promise<void> {
    const problems: string[] = [];
    if (fields.responsibleLeaderId) {
      const leader = await this.dataSource
        .getRepository(UserEntity)
        .findOneBy({ id: fields.responsibleLeaderId, unitId });
      if (!leader) problems.push('responsibleLeaderId does not name a user');
      else if (!leader.active) problems.push('responsibleLeaderId names a deactivated user');
      else if (!leader.roles.includes('leader'))
        problems.push('responsibleLeaderId must name a user with the leader role');
    }
    const deptIds = [
      fields.leadDepartmentId,
      ...(fields.coDepartmentIds ?? []),
      ...(fields.ownerDepartmentIds ?? []),
    ].filter((d): d is string => !!d);
    if (deptIds.length > 0) {
      // A deactivated department takes no new work: it is as unknown here as a made-up one.
      const found = new Set(
        (
          await this.dataSource
            .getRepository(DepartmentEntity)
            .find({ select: ['id'], where: { id: In(deptIds), unitId, active: true } })
        ).map((d) => d.id),
      );
      if (fields.leadDepartmentId && !found.has(fields.leadDepartmentId))
        problems.push('leadDepartmentId does not name a department (or names a deactivated one)');
      if ((fields.coDepartmentIds ?? []).some((d) => !found.has(d)))
        problems.push('coDepartmentIds names an unknown department (or a deactivated one)');
      if ((fields.ownerDepartmentIds ?? []).some((d) => !found.has(d)))
        problems.push(
          'measures.ownerDepartmentId names an unknown department (or a deactivated one)',
        );
    }
    if (problems.length > 0) throw new BadRequestException(problems);
  }
}
