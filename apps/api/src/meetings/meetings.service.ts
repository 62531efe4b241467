import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NotFoundException,
  BadRequestException,
} from '@nestjs/common';
import { DataSource, In, IsNull, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type {
  MeetingAgendaItem,
  MeetingAgendaSection,
  MeetingDecisionView,
  MeetingDecisionsAnswer,
  MeetingDetail,
  MeetingPage,
  MeetingSectionKey,
  MeetingView,
} from '@rectiflow/contracts';
import { startOfZonedDay, type Stage } from '@rectiflow/domain';
import {
  DepartmentEntity,
  EscalationEntity,
  FindingEntity,
  LookBackEntity,
  MeetingDecisionEntity,
  MeetingEntity,
  RoundEntity,
  StageReportEntity,
  SupervisionOrderEntity,
  TaskEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { chineseDate, type MeetingPackSection } from '@rectiflow/reports';
import { AuditService } from '../audit/audit.service';
import { ExportPool } from '../exports/export-pool';
import type { AuthUser } from '../auth/auth.decorators';
import { CommentsService } from '../comments/comments.service';
import { APP_CONFIG } from '../config/config.module';
import { FindingChangesService } from '../findings/finding-changes.service';
import { lightParameters, overdueCondition } from '../findings/light-sql';
import { fieldError, fieldErrorBody, type FieldError } from '../http/field-errors';
import type { DownloadFile } from '../reports/reports.service';
import { TasksService } from '../tasks/tasks.service';
import { scopeToUnits, mustSeeUnit } from '../units/unit-scope';
import type {
  CreateMeetingDto,
  MeetingDecisionItemDto,
  MeetingDecisionsDto,
  MeetingQueryDto,
} from './dto/meeting.dto';
import { userNames } from '../organisation/user-names';

/** The raw row every agenda query selects (the finding, its names, the section's own columns). */
interface AgendaRow {
  findingId: string;
  code: string;
  title: string;
  stage: Stage;
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  responsibleLeaderId: string | null;
  responsibleLeaderName: string | null;
  escalationLevel: number | string;
  nextDueAt: string | null;
  withdrawn: boolean | number;
  dueAt: string | null;
  detail: string | null;
  at: string | null;
  extra: string | null;
}

const SECTION_TITLES: Record<MeetingSectionKey, { title: string; intro: string }> = {
  review: {
    title: '提请审定销号事项',
    intro: '以下问题已通过部门负责人审核和责任领导审核，提请会议进行三级验收审定。',
  },
  overdue: {
    title: '逾期及升级督办事项',
    intro: '以下问题目前已超过整改时限，或自上次会议以来被升级督办，请会议研究推进措施。',
  },
  stage_reports: {
    title: '长期整改事项阶段进展',
    intro: '以下长期整改事项自上次会议以来报送了阶段进展。',
  },
  look_backs: {
    title: '“回头看”情况',
    intro: '以下已销号问题自上次会议以来开展了“回头看”。',
  },
  orders: {
    title: '未办结督办单',
    intro: '以下督办单尚未办结（待答复或待验收）。',
  },
};

const EXCERPT = 60;
const excerpt = (text: string | null) => {
  const chars = [...(text ?? '').replace(/\s+/g, ' ').trim()];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : chars.join('');
};

/** The reason of a refused step as one line (a 400's field messages joined). */
function refusal(err: HttpException): string {
  const answer = err.getResponse();
  if (typeof answer === 'object' && answer !== null) {
    const { message, errors } = answer as { message?: unknown; errors?: { message: string }[] };
    if (Array.isArray(errors) && errors.length > 0) return errors.map((e) => e.message).join('; ');
    if (message !== undefined) return [message].flat().join('; ');
  }
  return err.message;
}

/**
 * 专题会议: the office creates a meeting of its unit; its agenda is read from the read model in
 * SQL (what awaits the committee's final review, what is overdue or escalated, stage reports and
 * look-backs since the previous meeting, 督办单 not yet closed) and printed as a DOCX pack; the
 * decisions taken become the findings' own steps (review_3 approve or reject, 延期, 督办单, a
 * comment), each through the service that takes it one by one, audited with the meeting's id.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
    private readonly changes: FindingChangesService,
    private readonly comments: CommentsService,
    private readonly exports: ExportPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get zone(): string {
    return this.config.env.ORG_TIMEZONE;
  }

  async create(dto: CreateMeetingDto, actor: AuthUser): Promise<MeetingDetail> {
    const unitId = actor.unitId;
    if (!unitId) throw new ForbiddenException('only the office of a unit holds its meetings');
    if (dto.roundId) {
      const round = await this.dataSource
        .getRepository(RoundEntity)
        .findOneBy({ id: dto.roundId, unitId });
      if (!round)
        throw fieldError('roundId', 'unknown_round', 'roundId does not name a round of your unit');
    }
    const attendeeIds = dto.attendeeIds ?? [];
    if (attendeeIds.length > 0) {
      const found = await this.dataSource
        .getRepository(UserEntity)
        .countBy({ id: In(attendeeIds), unitId, active: true });
      if (found !== attendeeIds.length)
        throw fieldError(
          'attendeeIds',
          'unknown_user',
          'attendeeIds names someone who is not an active person of your unit',
        );
    }
    let since: string | null = null;
    if (dto.since) since = new Date(startOfZonedDay(dto.since, this.zone)).toISOString();
    else {
      // Since the previous meeting: the start of the day it was held.
      const previous = await this.dataSource.getRepository(MeetingEntity).findOne({
        where: { unitId },
        order: { heldOn: 'DESC', createdAt: 'DESC' },
      });
      if (previous) since = new Date(startOfZonedDay(previous.heldOn, this.zone)).toISOString();
    }
    const row: MeetingEntity = {
      id: randomUUID(),
      unitId,
      heldOn: dto.heldOn,
      title: dto.title,
      attendees: dto.attendees ?? '',
      attendeeIds,
      roundId: dto.roundId ?? null,
      since,
      createdBy: actor.userId,
      createdAt: new Date().toISOString(),
      agenda: null,
      agendaAsOf: null,
    };
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(MeetingEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'meeting.created',
        entityType: 'meeting',
        entityId: row.id,
        unitId,
        data: {
          heldOn: row.heldOn,
          title: row.title,
          attendees: row.attendees,
          attendeeIds: row.attendeeIds,
          roundId: row.roundId,
          since: row.since,
        },
      });
    });
    return this.detail(row.id, actor);
  }

  async list(q: MeetingQueryDto, actor: AuthUser): Promise<MeetingPage> {
    const qb = this.dataSource.getRepository(MeetingEntity).createQueryBuilder('m');
    scopeToUnits(qb, actor, 'm.unitId', q.unitId);
    const [rows, total] = await qb
      .orderBy('m.heldOn', 'DESC')
      .addOrderBy('m.createdAt', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items: await this.views(rows), total };
  }

  private async mustMeeting(id: string, actor: AuthUser): Promise<MeetingEntity> {
    const row = await this.dataSource.getRepository(MeetingEntity).findOneBy({ id });
    if (!row) throw new NotFoundException(`meeting ${id} does not exist`);
    mustSeeUnit(actor, row.unitId, `meeting ${id}`);
    return row;
  }

  async detail(id: string, actor: AuthUser): Promise<MeetingDetail> {
    const row = await this.mustMeeting(id, actor);
    const [[view], agenda, decisions] = await Promise.all([
      this.views([row]),
      this.agendaOf(row),
      this.decisions(row.id),
    ]);
    return { ...view, agenda: agenda.sections, decisions };
  }

  private async views(rows: MeetingEntity[]): Promise<MeetingView[]> {
    const name = await userNames(
      this.dataSource,
      rows.flatMap((r) => r.attendeeIds),
    );
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      heldOn: r.heldOn,
      title: r.title,
      attendees: r.attendees,
      attendeeIds: r.attendeeIds,
      attendeeNames: r.attendeeIds.map((u) => name.get(u) ?? ''),
      roundId: r.roundId,
      since: r.since,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      agendaAsOf: r.agendaAsOf,
    }));
  }

  /** The agenda the meeting kept when it was held, or the one the data gives now. */
  private async agendaOf(
    m: MeetingEntity,
    now = new Date(),
  ): Promise<{ sections: MeetingAgendaSection[]; asOf: string }> {
    if (m.agenda && m.agendaAsOf) return { sections: m.agenda, asOf: m.agendaAsOf };
    return { sections: await this.agenda(m, now), asOf: now.toISOString() };
  }

  private async decisions(meetingId: string): Promise<MeetingDecisionView[]> {
    const rows = await this.dataSource
      .getRepository(MeetingDecisionEntity)
      .createQueryBuilder('d')
      .innerJoin(FindingEntity, 'f', 'f.id = d.findingId')
      .select('d.id', 'id')
      .addSelect('d.findingId', 'findingId')
      .addSelect('f.code', 'code')
      .addSelect('f.title', 'title')
      .addSelect('d.decision', 'decision')
      .addSelect('d.note', 'note')
      .addSelect('d.dueAt', 'dueAt')
      .addSelect('d.outcome', 'outcome')
      .addSelect('d.message', 'message')
      .addSelect('d.decidedBy', 'decidedBy')
      .addSelect('d.decidedAt', 'decidedAt')
      .where('d.meetingId = :meetingId', { meetingId })
      .orderBy('d.decidedAt', 'ASC')
      .addOrderBy('f.code', 'ASC')
      .getRawMany<MeetingDecisionView>();
    return rows;
  }

  /**
   * The findings of the meeting's unit (and round), live, with their lead department's and
   * responsible leader's names joined in; each section adds its own condition and columns.
   */
  private base(m: MeetingEntity): SelectQueryBuilder<FindingEntity> {
    const qb = this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .leftJoin(DepartmentEntity, 'dep', 'dep.id = f.leadDepartmentId')
      .leftJoin(UserEntity, 'lead', 'lead.id = f.responsibleLeaderId')
      .select('f.id', 'findingId')
      .addSelect('f.code', 'code')
      .addSelect('f.title', 'title')
      .addSelect('f.stage', 'stage')
      .addSelect('f.leadDepartmentId', 'leadDepartmentId')
      .addSelect('dep.name', 'leadDepartmentName')
      .addSelect('f.responsibleLeaderId', 'responsibleLeaderId')
      .addSelect('lead.displayName', 'responsibleLeaderName')
      .addSelect('f.escalationLevel', 'escalationLevel')
      .addSelect('f.nextDueAt', 'nextDueAt')
      .addSelect('f.withdrawn', 'withdrawn')
      .where('f.unitId = :unitId', { unitId: m.unitId })
      .andWhere('NOT f.withdrawn');
    if (m.roundId) qb.andWhere('f.roundId = :roundId', { roundId: m.roundId });
    return qb;
  }

  /** `since` as a SQL condition on a time column (none when the meeting has no since). */
  private sinceCondition(column: string, m: MeetingEntity): string {
    return m.since ? `${column} >= :since` : '1 = 1';
  }

  async agenda(m: MeetingEntity, now = new Date()): Promise<MeetingAgendaSection[]> {
    const since = { since: m.since };
    const order = (qb: SelectQueryBuilder<FindingEntity>) =>
      qb.orderBy('f.roundId', 'ASC').addOrderBy('f.seq', 'ASC');
    const review = order(
      this.base(m)
        .innerJoin(TaskEntity, 't', "t.findingId = f.id AND t.kind = 'review_3'")
        .andWhere("t.status IN ('open', 'claimed')")
        .addSelect('t.dueAt', 'dueAt')
        .addSelect('NULL', 'detail')
        .addSelect('t.createdAt', 'at')
        .addSelect('NULL', 'extra'),
    );
    // Overdue now, or escalated since the previous meeting (the latest such escalation).
    const lastEscalation = this.dataSource
      .createQueryBuilder()
      .select('MAX(e.createdAt)')
      .from(EscalationEntity, 'e')
      .where('e.findingId = f.id')
      .andWhere(this.sinceCondition('e.createdAt', m));
    const overdue = order(
      this.base(m)
        .andWhere("f.stage <> 'closed'")
        .andWhere(
          `(${overdueCondition('f')} OR EXISTS (SELECT 1 FROM "escalations" "e2" WHERE "e2"."findingId" = f.id AND ${this.sinceCondition('"e2"."createdAt"', m)}))`,
        )
        .setParameters(lightParameters(now, this.config.timing.warnBeforeMs))
        .addSelect('f.nextDueAt', 'dueAt')
        .addSelect('NULL', 'detail')
        .addSelect(`(${lastEscalation.getQuery()})`, 'at')
        .addSelect('NULL', 'extra'),
    );
    // The latest stage report (and look-back) of each finding since the previous meeting.
    const stageReports = order(
      this.base(m)
        .innerJoin(StageReportEntity, 's', 's.findingId = f.id')
        .andWhere(
          `s.at = (SELECT MAX("s2"."at") FROM "stage_reports" "s2" WHERE "s2"."findingId" = f.id AND ${this.sinceCondition('"s2"."at"', m)})`,
        )
        .addSelect('f.dueAt', 'dueAt')
        .addSelect('s.report', 'detail')
        .addSelect('s.at', 'at')
        .addSelect(`CASE WHEN s.finalStage THEN 'final' ELSE NULL END`, 'extra'),
    );
    const lookBacks = order(
      this.base(m)
        .innerJoin(LookBackEntity, 'l', 'l.findingId = f.id')
        .andWhere(
          `l.at = (SELECT MAX("l2"."at") FROM "look_backs" "l2" WHERE "l2"."findingId" = f.id AND ${this.sinceCondition('"l2"."at"', m)})`,
        )
        .addSelect('NULL', 'dueAt')
        .addSelect('l.comment', 'detail')
        .addSelect('l.at', 'at')
        .addSelect('l.outcome', 'extra'),
    );
    const orders = order(
      this.base(m)
        .innerJoin(SupervisionOrderEntity, 'o', 'o.findingId = f.id')
        .andWhere("o.status IN ('open', 'answered')")
        .addSelect('o.dueAt', 'dueAt')
        .addSelect('o.requirement', 'detail')
        .addSelect('o.issuedAt', 'at')
        .addSelect('o.status', 'extra'),
    ).addOrderBy('o.issuedAt', 'ASC');
    for (const qb of [overdue, stageReports, lookBacks]) qb.setParameters(since);
    const [r, o, s, l, so] = await Promise.all(
      [review, overdue, stageReports, lookBacks, orders].map((qb) => qb.getRawMany<AgendaRow>()),
    );
    const item = (row: AgendaRow): MeetingAgendaItem => ({
      findingId: row.findingId,
      code: row.code,
      title: row.title,
      stage: row.stage,
      leadDepartmentId: row.leadDepartmentId,
      leadDepartmentName: row.leadDepartmentName ?? '',
      responsibleLeaderId: row.responsibleLeaderId,
      responsibleLeaderName: row.responsibleLeaderName ?? '',
      dueAt: row.dueAt,
      overdue: row.nextDueAt !== null && row.nextDueAt < now.toISOString(),
      escalationLevel: Number(row.escalationLevel),
      detail: row.detail ?? '',
      detailCode: row.extra,
      at: row.at,
    });
    return [
      { key: 'review', items: r.map(item) },
      { key: 'overdue', items: o.map(item) },
      { key: 'stage_reports', items: s.map(item) },
      { key: 'look_backs', items: l.map(item) },
      { key: 'orders', items: so.map(item) },
    ];
  }

  /** What the pack's 状态/时限 column says of an item in a section (Chinese, as printed). */
  private statusText(key: MeetingSectionKey, it: MeetingAgendaItem): string {
    const code = it.detailCode;
    const text = excerpt(it.detail);
    const due = it.dueAt ? `时限${chineseDate(it.dueAt)}` : '';
    switch (key) {
      case 'review':
        return `待三级验收${due ? `，${due}` : ''}`;
      case 'overdue': {
        const parts = [it.overdue ? `已逾期（${due}）` : due];
        if (it.escalationLevel > 0) parts.push(`升级督办${it.escalationLevel}级`);
        return parts.filter(Boolean).join('，');
      }
      case 'stage_reports':
        return `${chineseDate(it.at)}报送${code === 'final' ? '（最终阶段）' : ''}：${text}`;
      case 'look_backs':
        return `${code === 'relapsed' ? '问题反弹' : '成果巩固'}（${chineseDate(it.at)}）${text ? `：${text}` : ''}`;
      case 'orders':
        return `${code === 'answered' ? '待验收' : '待答复'}，${due}：${text}`;
    }
  }

  async pack(id: string, actor: AuthUser): Promise<DownloadFile> {
    const m = await this.mustMeeting(id, actor);
    const { sections: agenda, asOf } = await this.agendaOf(m);
    const round = m.roundId
      ? await this.dataSource.getRepository(RoundEntity).findOneBy({ id: m.roundId })
      : null;
    const [view] = await this.views([m]);
    const attendees = [m.attendees.trim(), ...view.attendeeNames.filter(Boolean)]
      .filter(Boolean)
      .join('、');
    const sections: MeetingPackSection[] = agenda.map((s) => ({
      ...SECTION_TITLES[s.key],
      items: s.items.map((it) => ({
        code: it.code,
        title: it.title,
        department: it.leadDepartmentName,
        leader: it.responsibleLeaderName,
        status: this.statusText(s.key, it),
      })),
    }));
    const body = await this.exports.build('meetingPack', {
      title: m.title,
      heldOn: m.heldOn,
      attendees,
      since: m.since,
      roundTitle: round?.title ?? null,
      sections,
      asOf,
    });
    await this.audit.record({
      actorId: actor.userId,
      action: 'meeting.pack_exported',
      entityType: 'meeting',
      entityId: m.id,
      unitId: m.unitId,
      data: { sections: Object.fromEntries(agenda.map((s) => [s.key, s.items.length])) },
    });
    return {
      filename: `专题会议材料-${m.heldOn}.docx`,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      body,
    };
  }

  /**
   * The decisions of a meeting, checked as a whole first (fields, then that each finding is the
   * meeting unit's and can take its decision now: 400 or 409 naming `decisions.<i>.…`, nothing
   * applied), then applied one by one through the services each step has; a step refused in
   * between (someone acted first) is listed in `failed`, the others stand.
   */
  async decide(
    id: string,
    dto: MeetingDecisionsDto,
    actor: AuthUser,
  ): Promise<MeetingDecisionsAnswer> {
    const m = await this.mustMeeting(id, actor);
    const items = dto.decisions;
    const bad: FieldError[] = [];
    const seen = new Map<string, number>();
    items.forEach((d, i) => {
      const at = `decisions.${i}`;
      if ((d.decision === 'extend' || d.decision === 'escalate') && !d.dueAt)
        bad.push({
          field: `${at}.dueAt`,
          code: 'required',
          message: `${at}.dueAt is required to ${d.decision === 'extend' ? 'extend a deadline' : 'issue a supervision order'}`,
        });
      if (['send_back', 'escalate', 'note'].includes(d.decision) && !d.note?.trim())
        bad.push({
          field: `${at}.note`,
          code: 'required',
          message: `${at}.note is required for ${d.decision}`,
        });
      if (seen.has(d.findingId))
        bad.push({
          field: `${at}.findingId`,
          code: 'duplicate',
          message: `${at}.findingId repeats decisions.${seen.get(d.findingId)}: one decision per finding`,
        });
      else seen.set(d.findingId, i);
    });
    const findings = await this.dataSource
      .getRepository(FindingEntity)
      .findBy({ id: In([...seen.keys()]), unitId: m.unitId });
    const finding = new Map(findings.map((f) => [f.id, f]));
    items.forEach((d, i) => {
      if (!finding.has(d.findingId))
        bad.push({
          field: `decisions.${i}.findingId`,
          code: 'unknown_finding',
          message: `decisions.${i}.findingId does not name a finding of the meeting's unit`,
        });
    });
    if (bad.length > 0) throw new BadRequestException(fieldErrorBody(HttpStatus.BAD_REQUEST, bad));
    const reviews = await this.dataSource.getRepository(TaskEntity).findBy({
      findingId: In([...seen.keys()]),
      kind: 'review_3',
      status: In(['open', 'claimed']),
    });
    const reviewOf = new Map(reviews.map((t) => [t.findingId, t]));
    const conflicts: FieldError[] = [];
    items.forEach((d, i) => {
      const f = finding.get(d.findingId)!;
      const field = `decisions.${i}.findingId`;
      const name = `${f.code} ${f.title}`;
      if (d.decision === 'accept' || d.decision === 'send_back') {
        if (!reviewOf.has(f.id))
          conflicts.push({
            field,
            code: 'review_not_open',
            message: `${field}: ${name} has no open review_3 (the committee's final review) to decide`,
          });
      } else if (d.decision !== 'note') {
        if (f.withdrawn || f.stage === 'closed' || f.halted)
          conflicts.push({
            field,
            code: 'finding_not_running',
            message: `${field}: ${name} is closed, withdrawn or halted`,
          });
        else if (!f.leadDepartmentId || f.stage === 'assign')
          conflicts.push({
            field,
            code: 'finding_not_assigned',
            message: `${field}: ${name} is not assigned yet`,
          });
      }
    });
    if (conflicts.length > 0)
      throw new ConflictException(fieldErrorBody(HttpStatus.CONFLICT, conflicts));

    await this.keepAgenda(m, actor);
    const applied: string[] = [];
    const failed: MeetingDecisionsAnswer['failed'] = [];
    // One after another: each is its finding's own step, and a meeting decides a few dozen.
    for (const d of items) {
      const f = finding.get(d.findingId)!;
      let message: string | null = null;
      try {
        await this.apply(m, d, f, reviewOf.get(f.id)?.id, actor);
      } catch (err) {
        if (!(err instanceof HttpException)) throw err;
        message = refusal(err);
      }
      await this.recordDecision(m, d, f, message, actor);
      if (message === null) applied.push(d.findingId);
      else failed.push({ findingId: d.findingId, message });
    }
    return { applied, failed };
  }

  /**
   * The meeting was held: its agenda as it stands before the decisions change the findings is
   * kept with it (once: a later batch of decisions keeps the first), audited.
   */
  private async keepAgenda(m: MeetingEntity, actor: AuthUser): Promise<void> {
    if (m.agenda) return;
    const now = new Date();
    const sections = await this.agenda(m, now);
    const asOf = now.toISOString();
    await writeTransaction(this.dataSource, async (em) => {
      const kept = await em
        .getRepository(MeetingEntity)
        .update({ id: m.id, agendaAsOf: IsNull() }, { agenda: sections, agendaAsOf: asOf });
      if (!kept.affected) return;
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'meeting.agenda_kept',
        entityType: 'meeting',
        entityId: m.id,
        unitId: m.unitId,
        data: {
          asOf,
          sections: Object.fromEntries(sections.map((x) => [x.key, x.items.length])),
        },
      });
    });
  }

  /** The meeting as the steps cite it: 专题会议「title」（2026年12月15日）. */
  private cite(m: MeetingEntity): string {
    return `专题会议「${m.title}」（${chineseDate(m.heldOn)}）`;
  }

  private async apply(
    m: MeetingEntity,
    d: MeetingDecisionItemDto,
    f: FindingEntity,
    reviewTaskId: string | undefined,
    actor: AuthUser,
  ): Promise<void> {
    const note = d.note?.trim() ?? '';
    switch (d.decision) {
      case 'accept':
      case 'send_back':
        await this.tasks.complete(
          reviewTaskId!,
          {
            decision: d.decision === 'accept' ? 'approve' : 'reject',
            comment: `${this.cite(m)}${d.decision === 'accept' ? '审定同意销号' : '决定退回'}${note ? `：${note}` : ''}`,
          },
          actor,
        );
        return;
      case 'extend':
        await this.changes.changeDueDate(
          f.id,
          { reason: `${this.cite(m)}决定延期${note ? `：${note}` : ''}`, dueAt: d.dueAt! },
          actor,
        );
        return;
      case 'escalate':
        await this.changes.issueSupervisionOrder(
          f.id,
          {
            departmentId: f.leadDepartmentId!,
            requirement: `${this.cite(m)}决定督办：${note}`,
            dueAt: d.dueAt!,
          },
          actor,
        );
        return;
      case 'note':
        await this.comments.add(f.id, { text: `${this.cite(m)}：${note}` }, actor);
        return;
    }
  }

  private async recordDecision(
    m: MeetingEntity,
    d: MeetingDecisionItemDto,
    f: FindingEntity,
    message: string | null,
    actor: AuthUser,
  ): Promise<void> {
    const row: MeetingDecisionEntity = {
      id: randomUUID(),
      meetingId: m.id,
      findingId: f.id,
      decision: d.decision,
      note: d.note?.trim() ?? '',
      dueAt: d.dueAt ?? null,
      outcome: message === null ? 'applied' : 'failed',
      message,
      decidedBy: actor.userId,
      decidedAt: new Date().toISOString(),
    };
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(MeetingDecisionEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'meeting.decision_recorded',
        entityType: 'finding',
        entityId: f.id,
        findingId: f.id,
        unitId: m.unitId,
        data: {
          meetingId: m.id,
          decisionId: row.id,
          decision: row.decision,
          note: row.note,
          dueAt: row.dueAt,
          outcome: row.outcome,
          message: row.message,
        },
      });
    });
  }
}
