import { Inject, Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntityTarget,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
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
  latestStageReport: Pick<StageReportEntity, 'report' | 'at' | 'finalStage'> | null;
  /** The imported report's own section-三 text for this finding, if it had one. */
  longTermEntry: Pick<LongTermEntryEntity, 'title' | 'progress'> | null;
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

/** Findings read in one statement (with their measures, evidence… in one each). */
const PAGE = 500;

/** Lets timers and I/O in between two statements: on SQLite each one runs on the event loop. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Column types that both drivers hand over as they are (no conversion on hydration). */
const AS_IS: ReadonlySet<unknown> = new Set(['varchar', 'text', 'integer']);

/**
 * The rows of `qb` as plain objects of `entity`'s columns `props` (`alias`'s), each value
 * converted as TypeORM's hydration converts it (booleans, simple-json), without building
 * entities; the loop is let go once the statement has run.
 */
async function plainRows<
  Q extends ObjectLiteral,
  T extends ObjectLiteral,
  K extends keyof T & string,
>(
  dataSource: DataSource,
  qb: SelectQueryBuilder<Q>,
  entity: EntityTarget<T>,
  alias: string,
  props: readonly K[],
): Promise<Pick<T, K>[]> {
  const metadata = dataSource.getMetadata(entity);
  const converted = props.flatMap((p) => {
    const column = metadata.findColumnWithPropertyName(p);
    if (!column) throw new Error(`${metadata.name} has no column ${p}`);
    return AS_IS.has(column.type) && !column.transformer ? [] : [column];
  });
  qb.select(`${alias}.${props[0]}`, props[0]);
  for (const p of props.slice(1)) qb.addSelect(`${alias}.${p}`, p);
  const raw = await qb.getRawMany<Record<string, unknown>>();
  await yieldToLoop();
  const driver = dataSource.driver;
  for (const r of raw)
    for (const c of converted)
      r[c.propertyName] = driver.prepareHydratedValue(r[c.propertyName], c);
  return raw as Pick<T, K>[];
}

/** Loads what the ledger, the report and the dashboard are made of, from the read model only. */
@Injectable()
export class RoundContentsReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findingsService: FindingsService,
    // Only the durations: an export thread builds one from those (exports/read-model-tasks.ts).
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'timing'>,
  ) {}

  /**
   * Raw rows (no entity hydration), a page of findings at a time with its measures, evidence…,
   * one statement after the other with the loop let go in between: an export of thousands of
   * findings holds the event loop for no longer than one statement about PAGE findings.
   */
  async read(round: RoundEntity, actor: AuthUser, now = new Date()): Promise<RoundContents> {
    const ds = this.dataSource;
    const findingColumns = ds
      .getMetadata(FindingEntity)
      .columns.map((c) => c.propertyName as keyof FindingEntity & string);
    /** Rows of `entity` (alias `x`) about the findings `ids`. */
    const about = <T extends ObjectLiteral, K extends keyof T & string>(
      entity: EntityTarget<T>,
      ids: string[],
      props: readonly K[],
      order: string,
      where?: string,
    ) => {
      const qb = ds
        .getRepository(entity)
        .createQueryBuilder('x')
        .where('x.findingId IN (:...ids)', { ids })
        .orderBy(`x.${order}`, 'ASC');
      if (where) qb.andWhere(where);
      return plainRows(ds, qb, entity, 'x', props);
    };
    const rows: FindingEntity[] = [];
    const measures: Pick<MeasureEntity, 'findingId' | 'cycle' | 'text'>[] = [];
    const evidence: Pick<EvidenceEntity, 'findingId' | 'filename' | 'sha256'>[] = [];
    const escalated = new Set<string>();
    const stageReports: Pick<StageReportEntity, 'findingId' | 'report' | 'at' | 'finalStage'>[] =
      [];
    const entries: Pick<LongTermEntryEntity, 'findingId' | 'title' | 'progress'>[] = [];
    // The caller's findings of the round a page at a time (by seq, then id), each page's
    // measures, evidence… by its ids: every statement is about PAGE findings at most.
    for (let last: FindingEntity | undefined; ;) {
      const qb = this.findingsService
        .scope(
          ds
            .getRepository(FindingEntity)
            .createQueryBuilder('f')
            .where('f.roundId = :roundId', { roundId: round.id }),
          actor,
        )
        .orderBy('f.seq', 'ASC')
        .addOrderBy('f.id', 'ASC')
        .limit(PAGE);
      if (last)
        qb.andWhere('(f.seq > :afterSeq OR (f.seq = :afterSeq AND f.id > :afterId))', {
          afterSeq: last.seq,
          afterId: last.id,
        });
      const page = (await plainRows(ds, qb, FindingEntity, 'f', findingColumns)) as FindingEntity[];
      if (page.length === 0) break;
      rows.push(...page);
      last = page[page.length - 1];
      const ids = page.map((f) => f.id);
      measures.push(...(await about(MeasureEntity, ids, ['findingId', 'cycle', 'text'], 'seq')));
      // Withdrawn files (撤回) are kept for the audit chain, never reported.
      evidence.push(
        ...(await about(
          EvidenceEntity,
          ids,
          ['findingId', 'filename', 'sha256'],
          'uploadedAt',
          'x.withdrawnAt IS NULL',
        )),
      );
      for (const e of await about(EscalationEntity, ids, ['findingId'], 'createdAt'))
        escalated.add(e.findingId);
      stageReports.push(
        ...(await about(StageReportEntity, ids, ['findingId', 'report', 'at', 'finalStage'], 'at')),
      );
      const longTerm = page.filter((f) => f.longTerm).map((f) => f.id);
      if (longTerm.length > 0)
        entries.push(
          ...(await about(
            LongTermEntryEntity,
            longTerm,
            ['findingId', 'title', 'progress'],
            'findingId',
          )),
        );
      if (page.length < PAGE) break;
    }
    const [areas, themes, departments, users] = await Promise.all([
      ds.getRepository(AreaEntity).find({ where: { roundId: round.id }, order: { seq: 'ASC' } }),
      ds.getRepository(ThemeEntity).find({ where: { roundId: round.id }, order: { seq: 'ASC' } }),
      ds
        .getRepository(DepartmentEntity)
        .find({ where: { unitId: round.unitId }, order: { code: 'ASC' } }),
      ds.getRepository(UserEntity).find({ where: { unitId: round.unitId } }),
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
    for (const id of escalated) {
      const c = contents.get(id);
      if (c) c.escalated = true;
    }
    for (const { findingId, ...s } of stageReports) {
      const c = contents.get(findingId);
      if (c) c.latestStageReport = s;
    }
    for (const { findingId, ...e } of entries) {
      const c = contents.get(findingId);
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
