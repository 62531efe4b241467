import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  DepartmentEntity,
  RoundEntity,
  UnitEntity,
  UserEntity,
  type FindingEntity,
} from '@rectiflow/persistence';

export interface Names {
  unit(id: string): string;
  round(id: string): string;
  user(id: string | null): string;
  department(id: string | null): string;
}

/** The names an export prints for the ids its findings carry, loaded in four queries. */
@Injectable()
export class OrganisationNames {
  constructor(private readonly dataSource: DataSource) {}

  async load(findings: FindingEntity[]): Promise<Names> {
    const ids = <K extends keyof FindingEntity>(k: K) =>
      [
        ...new Set(findings.map((f) => f[k]).filter((v): v is NonNullable<typeof v> => !!v)),
      ] as string[];
    const [units, rounds, users, departments] = await Promise.all([
      this.dataSource.getRepository(UnitEntity).findBy({ id: In(ids('unitId')) }),
      this.dataSource.getRepository(RoundEntity).findBy({ id: In(ids('roundId')) }),
      this.dataSource.getRepository(UserEntity).findBy({ id: In(ids('responsibleLeaderId')) }),
      this.dataSource.getRepository(DepartmentEntity).findBy({ id: In(ids('leadDepartmentId')) }),
    ]);
    const by = <T extends { id: string }>(rows: T[], name: (r: T) => string) => {
      const map = new Map(rows.map((r) => [r.id, name(r)]));
      return (id: string | null) => (id ? (map.get(id) ?? '') : '');
    };
    return {
      unit: by(units, (u) => u.name),
      round: by(rounds, (r) => r.title),
      user: by(users, (u) => u.displayName),
      department: by(departments, (d) => d.name),
    };
  }
}
