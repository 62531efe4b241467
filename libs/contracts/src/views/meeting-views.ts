import type { Stage } from '@rectiflow/domain';

/** What a 专题会议 may decide on a finding. */
export const MEETING_DECISIONS = ['accept', 'send_back', 'extend', 'escalate', 'note'] as const;
export type MeetingDecisionKind = (typeof MEETING_DECISIONS)[number];

/** The sections of a meeting's agenda, in the pack's order (一、二、三…). */
export const MEETING_SECTIONS = [
  'review',
  'overdue',
  'stage_reports',
  'look_backs',
  'orders',
] as const;
export type MeetingSectionKey = (typeof MEETING_SECTIONS)[number];

/** One finding on the agenda, with what the section says of it. */
export interface MeetingAgendaItem {
  findingId: string;
  code: string;
  title: string;
  stage: Stage;
  leadDepartmentId: string | null;
  leadDepartmentName: string;
  responsibleLeaderId: string | null;
  responsibleLeaderName: string;
  /** The finding's deadline (ISO), or the section's own time limit (a 督办单's due date). */
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  /** The section's own words on the item: a stage report, a look-back's comment, an order's requirement. */
  detail: string;
  /**
   * What the section says of it in one word: `final` (a final stage report), `holds` or
   * `relapsed` (a look-back), `open` or `answered` (a 督办单); null otherwise.
   */
  detailCode: string | null;
  /** When the section's event happened (report, look-back, escalation, order issued), if any. */
  at: string | null;
}

export interface MeetingAgendaSection {
  key: MeetingSectionKey;
  items: MeetingAgendaItem[];
}

export interface MeetingDecisionView {
  id: string;
  findingId: string;
  code: string;
  title: string;
  decision: MeetingDecisionKind;
  note: string;
  dueAt: string | null;
  outcome: 'applied' | 'failed';
  message: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface MeetingView {
  id: string;
  unitId: string;
  heldOn: string;
  title: string;
  attendees: string;
  attendeeIds: string[];
  /** The attending users' display names, in the order of attendeeIds. */
  attendeeNames: string[];
  roundId: string | null;
  since: string | null;
  createdBy: string;
  createdAt: string;
  /**
   * When its agenda was kept (its first decisions were recorded): from then on the agenda and
   * the pack are as they stood at that moment. Null: the agenda is read from the data now.
   */
  agendaAsOf: string | null;
}

/** `GET /api/meetings/:id`: the meeting, its agenda (kept, or read now), and its decisions. */
export interface MeetingDetail extends MeetingView {
  agenda: MeetingAgendaSection[];
  decisions: MeetingDecisionView[];
}

export interface MeetingPage {
  items: MeetingView[];
  total: number;
}

/** `POST /api/meetings/:id/decisions`: which findings' decisions were applied, which refused. */
export interface MeetingDecisionsAnswer {
  applied: string[];
  failed: { findingId: string; message: string }[];
}
