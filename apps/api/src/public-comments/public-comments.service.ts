import type {
  CompleteTaskAnswer,
  PublicCommentReceipt,
  PublicCommentStatusView,
  PublicCommentView,
  PublicFindingList,
  TaskView,
} from '@rectiflow/contracts';
import { randomInt, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import {
  isReceiptCode,
  normaliseReceiptCode,
  PUBLIC_COMMENT_KIND,
  RECEIPT_ALPHABET,
  RECEIPT_LENGTH,
  windowOpen,
  zonedDay,
  type PublicCommentStatus,
} from '@rectiflow/domain';
import {
  FindingEntity,
  PublicCommentEntity,
  TaskEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import { taskView } from '../findings/finding-views';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { validationException } from '../http/validation-messages';
import { mustSeeUnit } from '../units/unit-scope';
import { PublicCommentActionDto, type SubmitPublicCommentDto } from './dto/public-comment.dto';
import { rememberAnswer } from '../tasks/task-answers';
import { newestPublication } from '../publication/publication.service';

/** Characters of a comment an inbox row shows in place of a finding's title (as inbox-sql.ts). */
const EXCERPT = 60;

/** The 409 code the public page turns into 公开期限已过 (or 尚未开始). */
export const PUBLICATION_CLOSED = 'publication_closed';

function excerpt(text: string): string {
  return [...text].slice(0, EXCERPT).join('');
}

function newReceiptCode(): string {
  let code = '';
  for (let i = 0; i < RECEIPT_LENGTH; i++)
    code += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return code;
}

/**
 * 意见建议 (API.md "Publication and public comments"): the public's comments on a published
 * round and the office's `public_comment` tasks that handle them.
 *
 * Why no Temporal workflow: a comment has no timer, no escalation and one step (link, reply or
 * close by the office), so a workflow would add a moving part and nothing it does. Instead the
 * comment row, its task row (tasks.findingId null, the comment's id = the task's id) and the
 * audit event are written in one database transaction — durable and audited exactly like
 * the API's other direct changes (comments, supervision records) — and completing the task
 * updates task, comment, idempotency answer and audit in one transaction too. Keeping the task
 * in the `tasks` table keeps the inbox one indexed query (idx_tasks_inbox_cover) with claim,
 * release, counts and Idempotency-Key as for every other task; only the page of an inbox
 * LEFT JOINs findings (and this table, by primary key) to title its rows.
 */
@Injectable()
export class PublicCommentsService {
  private readonly log = new Logger('PublicComments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly findings: FindingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A comment from the public. A filled honeypot (`website`, a field people never see) is
   * answered like a real comment with a code that leads nowhere and nothing is stored: a bot
   * learns nothing to adapt to, and a person cannot fill it by accident (hidden, no autofill).
   */
  async submit(slug: string, dto: SubmitPublicCommentDto): Promise<PublicCommentReceipt> {
    const now = new Date();
    const publication = await newestPublication(this.dataSource, slug);
    // Open as the public page says it is: today (ORG_TIMEZONE) within the window's days.
    if (!windowOpen(publication, zonedDay(now.getTime(), this.config.env.ORG_TIMEZONE))) {
      throw new ConflictException({
        statusCode: HttpStatus.CONFLICT,
        error: 'Conflict',
        code: PUBLICATION_CLOSED,
        message: `comments are taken from ${publication.from} to ${publication.to} only`,
      });
    }
    if (dto.website) {
      this.log.warn(`honeypot filled on ${slug}: comment dropped`);
      return { receiptCode: newReceiptCode() };
    }
    let named: FindingEntity | null = null;
    if (dto.findingCode) {
      named = await this.dataSource
        .getRepository(FindingEntity)
        .findOneBy({ roundId: publication.roundId, code: dto.findingCode });
      // A withheld finding (not on the public page) is unknown to the public as well.
      if (!named || named.withdrawn || named.withheld)
        throw fieldError(
          'findingCode',
          'unknown_finding',
          'findingCode names no finding of the published report',
        );
    }
    const id = randomUUID();
    const receiptCode = newReceiptCode();
    const createdAt = now.toISOString();
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(PublicCommentEntity).insert({
        id,
        roundId: publication.roundId,
        unitId: publication.unitId,
        publicationId: publication.id,
        receiptCode,
        text: dto.text,
        contact: dto.contact || null,
        namedFindingId: named?.id ?? null,
        status: 'received',
        findingId: null,
        reply: null,
        note: null,
        createdAt,
        handledAt: null,
        handledBy: null,
      });
      await em.getRepository(TaskEntity).insert({
        id,
        findingId: null,
        roundId: publication.roundId,
        unitId: publication.unitId,
        kind: PUBLIC_COMMENT_KIND,
        role: 'office',
        role2: null,
        departmentId: null,
        targetUserId: null,
        assigneeId: null,
        status: 'open',
        dueAt: null,
        cycle: 1,
        subjectTaskId: null,
        escalationLevel: 0,
        createdAt,
        completedAt: null,
        completedBy: null,
      });
      // Never the contact: the audit log is exported and read more widely than the office.
      await this.audit.recordIn(em, {
        actorId: null,
        action: 'public_comment.received',
        entityType: 'public_comment',
        entityId: id,
        unitId: publication.unitId,
        data: {
          roundId: publication.roundId,
          publicationId: publication.id,
          text: dto.text,
          findingCode: named?.code ?? null,
          withContact: !!dto.contact,
        },
      });
    });
    return { receiptCode };
  }

  /**
   * The findings the published text tells, for the form's choice: of the round, neither
   * withheld nor withdrawn, and there when it was published (the text is frozen then).
   */
  async publishedFindings(slug: string): Promise<PublicFindingList> {
    const publication = await newestPublication(this.dataSource, slug);
    const rows = await this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .select(['f.code', 'f.title'])
      .where('f.roundId = :roundId', { roundId: publication.roundId })
      .andWhere('NOT f.withdrawn')
      .andWhere('NOT f.withheld')
      .andWhere('f.createdAt <= :at', { at: publication.publishedAt })
      .orderBy('f.seq', 'ASC')
      .getMany();
    return { items: rows.map((f) => ({ code: f.code, title: f.title })) };
  }

  /** What the holder of a receipt code may know: the status and the reply, nothing else. */
  async status(typed: string): Promise<PublicCommentStatusView> {
    const code = normaliseReceiptCode(typed);
    const row = isReceiptCode(code)
      ? await this.dataSource.getRepository(PublicCommentEntity).findOneBy({ receiptCode: code })
      : null;
    if (!row) throw new NotFoundException('no comment has this receipt code');
    return row.reply ? { status: row.status, reply: row.reply } : { status: row.status };
  }

  /** The comment behind a task, for the office of its unit (the only place the contact shows). */
  async detail(taskId: string, actor: AuthUser): Promise<PublicCommentView> {
    const row = await this.dataSource.getRepository(PublicCommentEntity).findOneBy({ id: taskId });
    if (!row) throw new NotFoundException(`public comment ${taskId} does not exist`);
    mustSeeUnit(actor, row.unitId, `public comment ${taskId}`);
    const named = row.namedFindingId
      ? await this.dataSource.getRepository(FindingEntity).findOneBy({ id: row.namedFindingId })
      : null;
    return {
      id: row.id,
      taskId: row.id,
      roundId: row.roundId,
      receiptCode: row.receiptCode,
      text: row.text,
      contact: row.contact,
      namedFindingId: row.namedFindingId,
      namedFindingCode: named?.code ?? null,
      status: row.status,
      findingId: row.findingId,
      reply: row.reply,
      note: row.note,
      createdAt: row.createdAt,
      handledAt: row.handledAt,
      handledBy: row.handledBy,
    };
  }

  /** A public_comment task as an inbox shows it: titled by the comment's start. */
  async taskView(task: TaskEntity): Promise<TaskView> {
    const row = await this.dataSource.getRepository(PublicCommentEntity).findOneBy({ id: task.id });
    return taskView(
      task,
      { title: excerpt(row?.text ?? ''), code: '' },
      new Date(),
      this.config.timing.warnBeforeMs,
    );
  }

  /** Claims or releases the task in one conditional update, audited like a workflow's. */
  async setClaim(task: TaskEntity, actor: AuthUser, claim: boolean): Promise<void> {
    await writeTransaction(this.dataSource, async (em) => {
      const change = em.createQueryBuilder().update(TaskEntity);
      const done = await (
        claim
          ? change
              .set({ status: 'claimed', assigneeId: actor.userId })
              .where(`id = :id AND status = 'open'`, { id: task.id })
          : change
              .set({ status: 'open', assigneeId: null })
              .where(`id = :id AND status = 'claimed' AND "assigneeId" = :holder`, {
                id: task.id,
                holder: task.assigneeId,
              })
      ).execute();
      if (done.affected !== 1) throw new ConflictException('the task changed meanwhile');
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: claim ? 'task.claimed' : 'task.released',
        entityType: 'task',
        entityId: task.id,
        unitId: task.unitId,
        data: { taskId: task.id, kind: task.kind },
      });
    });
  }

  /**
   * Link (into a finding of the round: the event is filed under the finding, so it is in that
   * finding's history), reply, or close — each with an optional reply the commenter sees and
   * an optional note the office keeps. Task, comment, answer for the Idempotency-Key and the
   * audit event land in one transaction; the task must still be open or claimed by the caller.
   */
  async complete(
    task: TaskEntity,
    body: unknown,
    actor: AuthUser,
    key: string | null,
  ): Promise<CompleteTaskAnswer> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequestException(['body must be a JSON object']);
    const input = plainToInstance(PublicCommentActionDto, body);
    const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationException(errors);
    const comment = await this.dataSource
      .getRepository(PublicCommentEntity)
      .findOneBy({ id: task.id });
    if (!comment) throw new NotFoundException(`task ${task.id} has no comment`);
    let finding: FindingEntity | null = null;
    if (input.action === 'link') {
      finding = await this.dataSource
        .getRepository(FindingEntity)
        .findOneBy({ id: input.findingId, roundId: comment.roundId });
      // A withdrawn finding (撤回) is no work any more: nothing to link into.
      if (!finding || finding.withdrawn)
        throw fieldError(
          'findingId',
          'unknown_finding',
          'findingId names no live finding of this round',
        );
    }
    const status: PublicCommentStatus =
      input.action === 'link' ? 'linked' : input.action === 'reply' ? 'answered' : 'closed';
    const at = new Date().toISOString();
    const answer = await writeTransaction(this.dataSource, async (em) => {
      const updated = await em
        .createQueryBuilder()
        .update(TaskEntity)
        .set({
          status: 'done',
          completedAt: at,
          completedBy: actor.userId,
          assigneeId: actor.userId,
        })
        .where(`id = :id AND (status = 'open' OR (status = 'claimed' AND "assigneeId" = :me))`, {
          id: task.id,
          me: actor.userId,
        })
        .execute();
      if (updated.affected !== 1) throw new ConflictException('task is no longer open');
      await em.getRepository(PublicCommentEntity).update(
        { id: comment.id },
        {
          status,
          findingId: finding?.id ?? null,
          reply: input.reply || null,
          note: input.note || null,
          handledAt: at,
          handledBy: actor.userId,
        },
      );
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: `public_comment.${status}`,
        entityType: 'public_comment',
        entityId: comment.id,
        // Filed under the finding it was linked to: the finding's history shows it.
        findingId: finding?.id ?? null,
        unitId: comment.unitId,
        data: {
          taskId: task.id,
          roundId: comment.roundId,
          comment: comment.text,
          reply: input.reply || null,
          note: input.note || null,
        },
      });
      const done = await em.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
      const result: CompleteTaskAnswer = {
        task: taskView(
          done,
          { title: excerpt(comment.text), code: '' },
          new Date(),
          this.config.timing.warnBeforeMs,
        ),
        finding: null,
      };
      return result;
    });
    if (finding) answer.finding = await this.findings.detail(finding.id, actor);
    if (key) await rememberAnswer(this.dataSource, key, answer);
    return answer;
  }
}
