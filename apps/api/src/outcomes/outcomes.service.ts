import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, In, IsNull, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type { OutcomeList, OutcomeSums, OutcomeView } from '@rectiflow/contracts';
import { AMOUNT_KINDS, fenToYuan, yuanToFen, type OutcomeKind } from '@rectiflow/domain';
import {
  EvidenceEntity,
  FindingEntity,
  FindingOutcomeEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { noOutcomes } from '@rectiflow/reports';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import type { CreateOutcomeDto } from './dto/create-outcome.dto';

/** The fields each kind takes; a field of another kind in the body is refused. */
const FIELDS_OF: Record<OutcomeKind, readonly (keyof CreateOutcomeDto)[]> = {
  regulation: ['title', 'regulationKind', 'issuer', 'issuedOn', 'evidenceId'],
  amount: ['amountKind', 'amount'],
  people: ['peopleCount', 'peopleKind'],
};

/**
 * Who records and removes a finding's outcomes: the office of its unit, or the staff of its
 * lead department (department or department_head) — the ones who report its rectification.
 */
export function mayRecordOutcomes(
  actor: AuthUser,
  f: Pick<FindingEntity, 'leadDepartmentId' | 'withdrawn'>,
): boolean {
  if (f.withdrawn) return false;
  if (actor.roles.includes('office')) return true;
  return (
    (actor.roles.includes('department') || actor.roles.includes('department_head')) &&
    !!actor.departmentId &&
    actor.departmentId === f.leadDepartmentId
  );
}

/** Outcomes standing at `asOf` (recorded by then, not removed by then), or now. */
function standing(alias: string, asOf?: string): string {
  return asOf
    ? `${alias}.recordedAt <= :outcomesAsOf AND (${alias}.removedAt IS NULL OR ${alias}.removedAt > :outcomesAsOf)`
    : `${alias}.removedAt IS NULL`;
}

type SumRow = {
  findingId?: string;
  kind: OutcomeKind;
  regulationKind: string | null;
  amountKind: string | null;
  peopleKind: string | null;
  n: string | number;
  fen: string | number | null;
  people: string | number | null;
};

/** Adds grouped rows (one per kind and sub-kind) into sums. */
function addRows(sums: OutcomeSums, rows: readonly SumRow[]): OutcomeSums {
  for (const r of rows) {
    if (r.kind === 'regulation') {
      const n = Number(r.n);
      sums.regulations.total += n;
      if (r.regulationKind === 'new') sums.regulations.new += n;
      if (r.regulationKind === 'revised') sums.regulations.revised += n;
    } else if (r.kind === 'amount' && r.amountKind) {
      const k = r.amountKind as (typeof AMOUNT_KINDS)[number];
      if (k in sums.amountsFen) sums.amountsFen[k] += Number(r.fen ?? 0);
    } else if (r.kind === 'people' && r.peopleKind) {
      const n = Number(r.people ?? 0);
      sums.people.total += n;
      sums.people.byKind[r.peopleKind] = (sums.people.byKind[r.peopleKind] ?? 0) + n;
    }
  }
  return sums;
}

/** Outcome rows of a findings query (alias `f`) grouped by kind and sub-kind, and by finding if asked. */
function groupedOutcomes(
  findings: SelectQueryBuilder<FindingEntity>,
  asOf: string | undefined,
  byFinding: boolean,
) {
  const q = findings
    .clone()
    .innerJoin(FindingOutcomeEntity, 'o', `o.findingId = f.id AND ${standing('o', asOf)}`)
    .select('o.kind', 'kind')
    .addSelect('o.regulationKind', 'regulationKind')
    .addSelect('o.amountKind', 'amountKind')
    .addSelect('o.peopleKind', 'peopleKind')
    .addSelect('COUNT(*)', 'n')
    .addSelect('SUM(o.amountFen)', 'fen')
    .addSelect('SUM(o.peopleCount)', 'people')
    .groupBy('o.kind')
    .addGroupBy('o.regulationKind')
    .addGroupBy('o.amountKind')
    .addGroupBy('o.peopleKind')
    .orderBy('o.peopleKind', 'ASC');
  if (asOf) q.setParameter('outcomesAsOf', asOf);
  if (byFinding) q.addSelect('o.findingId', 'findingId').addGroupBy('o.findingId');
  return q.getRawMany<SumRow>();
}

/**
 * The outcomes of a query's findings (alias `f`) summed in SQL: one aggregate grouped by kind
 * and sub-kind, none removed (as of `asOf`, when given: recorded by then and not removed by then).
 */
export async function outcomeSums(
  findings: SelectQueryBuilder<FindingEntity>,
  asOf?: string,
): Promise<OutcomeSums> {
  return addRows(noOutcomes(), await groupedOutcomes(findings, asOf, false));
}

/** The same, per finding (the ledger's columns); findings with none are absent. */
export async function outcomeSumsByFinding(
  findings: SelectQueryBuilder<FindingEntity>,
): Promise<Map<string, OutcomeSums>> {
  const out = new Map<string, OutcomeSums>();
  for (const r of await groupedOutcomes(findings, undefined, true)) {
    const id = r.findingId as string;
    out.set(id, addRows(out.get(id) ?? noOutcomes(), [r]));
  }
  return out;
}

/**
 * 整改成效 of a finding: whoever may see the finding reads them; the lead department and the
 * office record them (while the finding is not withdrawn) and remove a wrong one. Each change
 * is audited on the finding, so its history shows it.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(findingId: string, actor: AuthUser): Promise<OutcomeList> {
    const finding = await this.findings.findVisible(findingId, actor);
    const rows = await this.dataSource.getRepository(FindingOutcomeEntity).find({
      where: { findingId, removedAt: IsNull() },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
    return {
      items: await this.views(rows),
      canRecord: mayRecordOutcomes(actor, finding),
      peopleKinds: this.config.accountabilityKinds,
    };
  }

  async record(findingId: string, dto: CreateOutcomeDto, actor: AuthUser): Promise<OutcomeView> {
    const finding = await this.findings.findVisible(findingId, actor);
    this.mustRecord(actor, finding);
    for (const [kind, fields] of Object.entries(FIELDS_OF))
      if (kind !== dto.kind)
        for (const field of fields)
          if (dto[field] !== undefined)
            throw fieldError(field, 'not_for_kind', `${field} does not belong to a ${dto.kind}`);
    let amountFen: number | null = null;
    if (dto.kind === 'amount') {
      amountFen = yuanToFen(dto.amount ?? '');
      if (!amountFen) throw fieldError('amount', 'not_positive', 'amount must be more than 0 元');
    }
    if (dto.kind === 'people' && !this.config.accountabilityKinds.includes(dto.peopleKind ?? ''))
      throw fieldError(
        'peopleKind',
        'unknown_people_kind',
        `peopleKind must be one of ${this.config.accountabilityKinds.join(', ')}`,
      );
    if (dto.kind === 'regulation' && dto.evidenceId) {
      const file = await this.dataSource
        .getRepository(EvidenceEntity)
        .findOneBy({ id: dto.evidenceId, findingId, withdrawnAt: IsNull() });
      if (!file)
        throw fieldError(
          'evidenceId',
          'unknown_evidence',
          'evidenceId is not an evidence file of this finding',
        );
    }
    const row: FindingOutcomeEntity = {
      id: randomUUID(),
      findingId,
      roundId: finding.roundId,
      unitId: finding.unitId,
      kind: dto.kind,
      title: dto.kind === 'regulation' ? (dto.title ?? null) : null,
      regulationKind: dto.kind === 'regulation' ? (dto.regulationKind ?? null) : null,
      issuer: dto.kind === 'regulation' ? (dto.issuer ?? null) : null,
      issuedOn: dto.kind === 'regulation' ? (dto.issuedOn ?? null) : null,
      evidenceId: dto.kind === 'regulation' ? (dto.evidenceId ?? null) : null,
      amountKind: dto.kind === 'amount' ? (dto.amountKind ?? null) : null,
      amountFen,
      peopleCount: dto.kind === 'people' ? (dto.peopleCount ?? null) : null,
      peopleKind: dto.kind === 'people' ? (dto.peopleKind ?? null) : null,
      note: dto.note ?? '',
      recordedBy: actor.userId,
      recordedAt: new Date().toISOString(),
      removedAt: null,
      removedBy: null,
    };
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(FindingOutcomeEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'outcome.recorded',
        entityType: 'finding',
        entityId: findingId,
        findingId,
        unitId: finding.unitId,
        data: auditData(row),
      });
    });
    const [view] = await this.views([row]);
    return view;
  }

  async remove(findingId: string, outcomeId: string, actor: AuthUser): Promise<void> {
    const finding = await this.findings.findVisible(findingId, actor);
    this.mustRecord(actor, finding);
    const removedAt = new Date().toISOString();
    await writeTransaction(this.dataSource, async (em) => {
      const repo = em.getRepository(FindingOutcomeEntity);
      const row = await repo.findOneBy({ id: outcomeId, findingId });
      if (!row) throw new NotFoundException(`outcome ${outcomeId} does not exist on this finding`);
      // Conditional, so two removals at once remove (and audit) it once.
      const done = await repo.update(
        { id: outcomeId, removedAt: IsNull() },
        { removedAt, removedBy: actor.userId },
      );
      if (done.affected !== 1)
        throw new ConflictException(`outcome ${outcomeId} was removed already`);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'outcome.removed',
        entityType: 'finding',
        entityId: findingId,
        findingId,
        unitId: finding.unitId,
        data: auditData(row),
      });
    });
  }

  private mustRecord(actor: AuthUser, finding: FindingEntity): void {
    if (finding.withdrawn)
      throw new ConflictException('this finding was withdrawn: it takes no outcomes');
    if (!mayRecordOutcomes(actor, finding))
      throw new ForbiddenException(
        'only the office or the lead department records this finding’s outcomes',
      );
  }

  private async views(rows: FindingOutcomeEntity[]): Promise<OutcomeView[]> {
    const ids = [...new Set(rows.map((r) => r.recordedBy))];
    const users =
      ids.length > 0
        ? await this.dataSource
            .getRepository(UserEntity)
            .find({ select: ['id', 'displayName'], where: { id: In(ids) } })
        : [];
    const name = new Map(users.map((u) => [u.id, u.displayName]));
    return rows.map((r) => ({
      id: r.id,
      findingId: r.findingId,
      kind: r.kind,
      title: r.title,
      regulationKind: r.regulationKind,
      issuer: r.issuer,
      issuedOn: r.issuedOn,
      evidenceId: r.evidenceId,
      amountKind: r.amountKind,
      amountFen: r.amountFen,
      amountYuan: r.amountFen === null ? null : fenToYuan(r.amountFen),
      peopleCount: r.peopleCount,
      peopleKind: r.peopleKind,
      note: r.note,
      recordedBy: r.recordedBy,
      recordedByName: name.get(r.recordedBy) ?? '',
      recordedAt: r.recordedAt,
    }));
  }
}

/** What the audit event (and so the finding's history) says of an outcome. */
function auditData(r: FindingOutcomeEntity): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      outcomeId: r.id,
      kind: r.kind,
      title: r.title,
      regulationKind: r.regulationKind,
      issuer: r.issuer,
      issuedOn: r.issuedOn,
      evidenceId: r.evidenceId,
      amountKind: r.amountKind,
      amountFen: r.amountFen,
      peopleCount: r.peopleCount,
      peopleKind: r.peopleKind,
      note: r.note || null,
    }).filter(([, v]) => v !== null),
  );
}
