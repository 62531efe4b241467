import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { STAGES, type Stage } from '@rectiflow/domain';
import { DepartmentEntity, EscalationEntity, FindingEntity } from '@rectiflow/persistence';
import type { DashboardView } from '@rectiflow/contracts';
import { departmentFigures } from '@rectiflow/reports';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { findingSummary } from '../findings/finding-views';
import { FindingsService, seesAllFindings } from '../findings/findings.service';
import { RoundsService } from '../rounds/rounds.service';

/**
 * Figures of a round (or of all rounds) for the office and for appraisal (绩效考核). A
 * department's staff see the same figures over the findings they may see (led by or
 * co-operating with their department) and only their own department's row.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly rounds: RoundsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dashboard(roundId: string | undefined, actor: AuthUser): Promise<DashboardView> {
    if (roundId) await this.rounds.mustSee(roundId, actor);
    const now = new Date();
    const qb = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f');
    if (roundId) qb.where('f.roundId = :roundId', { roundId });
    this.findings.scope(qb, actor);
    // Escalation records count too: a finding whose ladder was resolved was still escalated.
    qb.addSelect(
      (sub) => sub.select('COUNT(*)').from(EscalationEntity, 'e').where('e.findingId = f.id'),
      'escalation_records',
    );
    const { entities: rows, raw } = await qb.getRawAndEntities<{
      escalation_records: string | number;
    }>();

    const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    let overdue = 0;
    let escalated = 0;
    let closed = 0;
    let longTerm = 0;
    const figures = rows.map((f, i) => {
      const summary = findingSummary(f, now, this.config.timing.warnBeforeMs);
      const wasEscalated = f.escalationLevel > 0 || Number(raw[i].escalation_records) > 0;
      byStage[f.stage] += 1;
      if (summary.overdue) overdue++;
      if (wasEscalated) escalated++;
      if (f.stage === 'closed') closed++;
      if (f.longTerm) longTerm++;
      return {
        leadDepartmentId: f.leadDepartmentId,
        stage: f.stage,
        overdue: summary.overdue,
        dueAt: f.dueAt,
        closedAt: f.closedAt,
        sentBackCount: f.sentBackCount,
        escalated: wasEscalated,
        accountabilityCount: f.accountabilityCount,
      };
    });

    const departments = await this.dataSource
      .getRepository(DepartmentEntity)
      .find({ order: { code: 'ASC' } });
    const visible = seesAllFindings(actor)
      ? departments
      : departments.filter((d) => d.id === actor.departmentId);
    return {
      roundId: roundId ?? null,
      total: rows.length,
      byStage,
      overdue,
      escalated,
      closed,
      longTerm,
      byDepartment: departmentFigures(visible, figures),
      asOf: now.toISOString(),
    };
  }
}
