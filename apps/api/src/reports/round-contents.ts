import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type ObjectLiteral, type Repository } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import {
  AreaEntity,
  DepartmentEntity,
  EscalationEntity,
  EvidenceEntity,
  FindingEntity,
  LongTermEntryEntity,
  MeasureEntity,
  StageReportEntity,
  ThemeEntity,
  UserEntity,
  type RoundEntity,
} from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import type { FindingSummary } from '@rectiflow/contracts';
import { findingSummary } from '../findings/finding-views';
import { FindingsService } from '../findings/findings.service';

/** One finding with everything a document about the round says of it. */
export interface FindingContents {
  row: FindingEntity;
  summary: FindingSummary;
  measures: string[];
  evidence: { filename: string; sha256: string }[];
  escalated: boolean;
  latestStageReport: StageReportEntity | null;
  /** The imported report's own section-三 text for this finding, if it had one. */
  longTermEntry: LongTermEntryEntity | null;
}

/** A round's areas → themes → findings in document order, as the caller may see them. */
export interface RoundContents {
  areas: { title: string; themes: { title: string; findings: FindingContents[] }[] }[];
  /** All of them, in code order. */
  findings: FindingContents[];
  departments: DepartmentEntity[];
  users: Map<string, UserEntity>;
}

/** Findings outside any area (created by hand without one) are listed under this heading. */
export const NO_AREA_TITLE = '未归类';

/** SQLite and PostgreSQL both take this many bound ids comfortably. */
const ID_CHUNK = 500;

async function findByIds<T extends ObjectLiteral>(
  repo: Repository<T>,
  column: keyof T & string,
  ids: string[],
  order: Record<string, 'ASC' | 'DESC'>,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    out.push(
      ...(await repo
        .createQueryBuilder('x')
        .where(`x.${column} IN (:...ids)`, { ids: ids.slice(i, i + ID_CHUNK) })
        .orderBy(Object.fromEntries(Object.entries(order).map(([k, v]) => [`x.${k}`, v])))
        .getMany()),
    );
  }
  return out;
}

/** Loads what the ledger, the report and the dashboard are made of, from the read model only. */
@Injectable()
export class RoundContentsReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findingsService: FindingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(round: RoundEntity, actor: AuthUser, now = new Date()): Promise<RoundContents> {
    const qb = this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .where('f.roundId = :roundId', { roundId: round.id });
    this.findingsService.scope(qb, actor);
    const rows = await qb.orderBy('f.seq', 'ASC').getMany();
    const ids = rows.map((f) => f.id);

    const [measures, evidence, escalations, stageReports, areas, themes, departments, users] =
      await Promise.all([
        findByIds(this.dataSource.getRepository(MeasureEntity), 'findingId', ids, { seq: 'ASC' }),
        // Withdrawn files (撤回) are kept for the audit chain, never reported.
        findByIds(this.dataSource.getRepository(EvidenceEntity), 'findingId', ids, {
          uploadedAt: 'ASC',
        }).then((all) => all.filter((e) => e.withdrawnAt === null)),
        findByIds(this.dataSource.getRepository(EscalationEntity), 'findingId', ids, {
          createdAt: 'ASC',
        }),
        findByIds(this.dataSource.getRepository(StageReportEntity), 'findingId', ids, {
          at: 'ASC',
        }),
        this.dataSource
          .getRepository(AreaEntity)
          .find({ where: { roundId: round.id }, order: { seq: 'ASC' } }),
        this.dataSource
          .getRepository(ThemeEntity)
          .find({ where: { roundId: round.id }, order: { seq: 'ASC' } }),
        this.dataSource
          .getRepository(DepartmentEntity)
          .find({ where: { unitId: round.unitId }, order: { code: 'ASC' } }),
        this.dataSource.getRepository(UserEntity).find({ where: { unitId: round.unitId } }),
      ]);

    const contents = new Map<string, FindingContents>();
    for (const f of rows) {
      contents.set(f.id, {
        row: f,
        summary: findingSummary(f, now, this.config.timing.warnBeforeMs),
        measures: [],
        evidence: [],
        escalated: f.escalationLevel > 0,
        latestStageReport: null,
        longTermEntry: null,
      });
    }
    for (const m of measures) {
      const c = contents.get(m.findingId);
      if (c && m.cycle === c.row.cycle) c.measures.push(m.text);
    }
    for (const e of evidence)
      contents.get(e.findingId)?.evidence.push({ filename: e.filename, sha256: e.sha256 });
    for (const e of escalations) {
      const c = contents.get(e.findingId);
      if (c) c.escalated = true;
    }
    for (const s of stageReports) {
      const c = contents.get(s.findingId);
      if (c) c.latestStageReport = s;
    }
    const longTerm = rows.filter((f) => f.longTerm).map((f) => f.id);
    const entries = await findByIds(
      this.dataSource.getRepository(LongTermEntryEntity),
      'findingId',
      longTerm,
      { findingId: 'ASC' },
    );
    for (const e of entries) {
      const c = contents.get(e.findingId);
      if (c) c.longTermEntry = e;
    }
    const findings = rows.map((f) => contents.get(f.id) as FindingContents);

    // Areas and themes in their seq order, each finding under its own; the empty ones too, as
    // the imported document had them.
    const out: RoundContents['areas'] = [];
    for (const area of areas) {
      const inArea = findings.filter((f) => f.row.areaId === area.id);
      const themed = themes
        .filter((t) => t.areaId === area.id)
        .map((t) => ({ title: t.title, findings: inArea.filter((f) => f.row.themeId === t.id) }));
      const unthemed = inArea.filter(
        (f) => !f.row.themeId || !themes.some((t) => t.id === f.row.themeId),
      );
      const areaThemes =
        unthemed.length > 0 ? [{ title: area.title, findings: unthemed }, ...themed] : themed;
      out.push({ title: area.title, themes: areaThemes });
    }
    const orphans = findings.filter(
      (f) => !f.row.areaId || !areas.some((a) => a.id === f.row.areaId),
    );
    if (orphans.length > 0)
      out.push({ title: NO_AREA_TITLE, themes: [{ title: NO_AREA_TITLE, findings: orphans }] });
    return { areas: out, findings, departments, users: new Map(users.map((u) => [u.id, u])) };
  }
}
