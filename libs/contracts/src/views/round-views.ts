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
  /** 下一步工作计划 as the office wrote it for the progress report (null: the report's own). */
  nextSteps: string | null;
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

/**
 * The long-term section's own entry for a finding (需长期整改事项: its heading and progress
 * text), and how the import tied it there: the same title, a title containing the other, shared
 * words (a guess the office is asked to check), listed on its own, or set by the office.
 */
export interface ImportLongTermEntry {
  title: string;
  progress: string;
  match: 'title' | 'contains' | 'words' | 'own' | 'office';
}

/** A previewed finding; a corrected tree names it by `ref` (`fromParsed`). */
export interface ImportPreviewFinding {
  ref: number;
  /** 1-based line in the document's text, when it came from one. */
  line?: number;
  title: string;
  measures: string[];
  longTerm: boolean;
  longTermEntry?: ImportLongTermEntry;
  leadDepartmentCode?: string;
  responsibleLeaderUsername?: string;
  dueAt?: string;
  /**
   * What the row assigns, as ids: from the filled-in template (matched to the round's unit; a
   * blank cell stays out) or from the JSON body. Complete (leader, department, due), it is
   * carried out through the finding's `assign` task when the import is confirmed.
   */
  assignment?: ImportRowAssignment;
}

/** A row's 交办 in an import: leader, lead and co-departments, due time (`YYYY-MM-DD` or ISO). */
export interface ImportRowAssignment {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  dueAt?: string;
  longTerm?: boolean;
}

/** An outline to preview: what the importer parsed (or the JSON body held). */
export interface ImportPreviewArea {
  title: string;
  themes: { title: string; findings: ImportPreviewFinding[] }[];
}

/** The document an import was read from (a corrected preview: the one it came from). */
export interface ImportedDocument {
  kind: 'text' | 'docx' | 'pdf' | 'xlsx';
  filename: string | null;
  /** SHA-256 of the bytes read (of the text, for text). */
  sha256: string;
  bytes: number;
  /** PDF pages; DOCX paragraphs and how many of them Word numbered automatically. */
  pages?: number;
  paragraphs?: number;
  numbered?: number;
  /** Time spent reading (and parsing) the file in its worker thread. */
  readMs?: number;
}

/**
 * One thing the office changed in a preview against the parsed document: `dropped`, `split`,
 * `merged`, `retitled`, `measures`, `moved`, `longTerm`, `added`, `themes` or `publication`
 * (see describeCorrections in libs/importer), with what it was and what it became.
 */
export type ImportCorrectionView = { kind: string } & Record<string, unknown>;

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
  /**
   * Dry run of a document: hand it back with the corrected tree (JSON body, `origin`) to
   * confirm the preview; the import is then recorded as this document with the corrections.
   */
  origin?: string;
  document?: ImportedDocument;
  /** A corrected preview: what the office changed against the parsed document. */
  corrections?: ImportCorrectionView[];
  /**
   * Not on a dry run: the new findings whose row carried a complete assignment and were
   * assigned through their `assign` task (as 批量交办 does), and those that could not be, with
   * their place in the import (`index`, 0-based in document order) and the reason. The others
   * (and the failed ones) await assignment.
   */
  assigned?: string[];
  failed?: ImportAssignFailure[];
}

export interface ImportAssignFailure {
  findingId: string;
  index: number;
  message: string;
}

/** `POST /api/rounds/:id/assign` (批量交办): the findings assigned, and why the others were not. */
export interface BatchAssignAnswer {
  assigned: string[];
  failed: { findingId: string; message: string }[];
}
