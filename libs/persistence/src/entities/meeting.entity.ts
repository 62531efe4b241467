import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { MeetingAgendaSection } from '@rectiflow/contracts';
import { IdColumn, JsonColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

/**
 * 专题会议: a meeting of the rectification committee (the seed: at least twice a month). The
 * office creates it; its agenda is read from the findings at the time (what awaits the
 * committee's final review, what is overdue or escalated since `since`, …); the decisions taken
 * are recorded against findings as meeting_decisions.
 */
@Entity('meetings')
@Index('idx_meetings_unit', ['unitId', 'heldOn'])
export class MeetingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() unitId!: string;
  /** The calendar day it is held (YYYY-MM-DD, in the organisation's time zone). */
  @IdColumn({ length: 16 }) heldOn!: string;
  @NameColumn() title!: string;
  /** Who attends, as written (names, offices). */
  @TextColumn() attendees!: string;
  /** Attending users, when named by id. */
  @JsonColumn() attendeeIds!: string[];
  /** The round the agenda is confined to, if any. */
  @IdColumn({ nullable: true }) roundId!: string | null;
  /** The agenda's "since" (ISO): the previous meeting's creation, or a day asked for; null = all. */
  @TimeColumn({ nullable: true }) since!: string | null;
  @IdColumn() createdBy!: string;
  @TimeColumn() createdAt!: string;
  /**
   * The agenda as it stood when the meeting's decisions were first recorded (JSON of its
   * sections): kept, so the page and the pack show what the meeting discussed. Null before.
   */
  @JsonColumn({ nullable: true }) agenda!: MeetingAgendaSection[] | null;
  /** When that agenda was read. */
  @TimeColumn({ nullable: true }) agendaAsOf!: string | null;
}

/** One decision of a meeting on one finding, and whether its workflow action was applied. */
@Entity('meeting_decisions')
@Index('idx_meeting_decisions_meeting', ['meetingId', 'decidedAt'])
@Index('idx_meeting_decisions_finding', ['findingId'])
export class MeetingDecisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() meetingId!: string;
  @IdColumn() findingId!: string;
  @IdColumn({ length: 16 }) decision!: 'accept' | 'send_back' | 'extend' | 'escalate' | 'note';
  @TextColumn() note!: string;
  @TimeColumn({ nullable: true }) dueAt!: string | null;
  /** `applied`, or `failed` (its step was refused; `message` says why). */
  @IdColumn({ length: 16 }) outcome!: 'applied' | 'failed';
  @TextColumn({ nullable: true }) message!: string | null;
  @IdColumn() decidedBy!: string;
  @TimeColumn() decidedAt!: string;
}
