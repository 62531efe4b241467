import type { RoundSource, Stage } from '@rectiflow/domain';

/** The public comment block at the end of a report (公开期限 and contacts); dates 'YYYY-MM-DD'. */
export interface PublicationBlock {
  from: string | null;
  to: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
}

/** 巡察轮次: one inspection (or audit) and its feedback. */
export interface RoundView {
  id: string;
  unitId: string;
  /** The inspecting side's batch it belongs to, if any. */
  batchId: string | null;
  /** When the inspecting office handed the unit this list (null: the unit's own round, or not yet). */
  handedOverAt: string | null;
  title: string;
  source: RoundSource;
  inspectingBody: string | null;
  feedbackDate: string | null;
  dueAt: string | null;
  publication: PublicationBlock | null;
  createdBy: string;
  createdAt: string;
}

/** `POST /api/rounds` body. */
export interface CreateRoundBody {
  /** Inspecting side only: the unit (and batch) the round is for. */
  unitId?: string;
  batchId?: string;
  title: string;
  source: RoundSource;
  inspectingBody?: string;
  feedbackDate?: string;
  dueAt?: string;
}

/** `GET /api/rounds/:id`: the round with its findings counted by stage. */
export interface RoundWithCounts extends RoundView {
  counts: { total: number; byStage: Partial<Record<Stage, number>> };
}

/** An outline to preview: what the importer parsed (or the JSON body held). */
export interface ImportPreviewArea {
  title: string;
  themes: {
    title: string;
    findings: { title: string; measures?: string[]; longTerm?: boolean }[];
  }[];
}

/** `POST /api/rounds/:id/import` answer; `tree` (dry run only) is the outline to preview. */
export interface ImportAnswer {
  areas: number;
  themes: number;
  findings: number;
  measures: number;
  longTermItems: number;
  publication: PublicationBlock | null;
  warnings: string[];
  findingIds: string[];
  tree?: ImportPreviewArea[];
}
