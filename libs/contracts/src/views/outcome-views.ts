import type { AmountKind, OutcomeKind, RegulationKind } from '@rectiflow/domain';

/**
 * One recorded 整改成效 of a finding: a regulation (建章立制), an amount of money or people dealt
 * with; the fields of the other kinds are null. Amounts are integer 分 (`amountFen`) and the same
 * as 元 in a decimal string (`amountYuan`), never a floating-point number.
 */
export interface OutcomeView {
  id: string;
  findingId: string;
  kind: OutcomeKind;
  /** regulation: its title, new or revised, who issued it, when (YYYY-MM-DD), its file. */
  title: string | null;
  regulationKind: RegulationKind | null;
  issuer: string | null;
  issuedOn: string | null;
  evidenceId: string | null;
  /** amount: its kind and how much. */
  amountKind: AmountKind | null;
  amountFen: number | null;
  amountYuan: string | null;
  /** people: how many, and the kind of handling (one of ACCOUNTABILITY_KINDS). */
  peopleCount: number | null;
  peopleKind: string | null;
  note: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
}

/** `GET /api/findings/:id/outcomes`: a finding's outcomes, oldest first, and what to choose from. */
export interface OutcomeList {
  items: OutcomeView[];
  /** Whether the caller may record and remove outcomes on this finding. */
  canRecord: boolean;
  /** The kinds of handling people dealt with are recorded under (ACCOUNTABILITY_KINDS). */
  peopleKinds: string[];
}

/**
 * Outcomes summed over findings (the report's opening, the ledger's summary, the dashboard):
 * SQL sums of the recorded rows, amounts in integer 分.
 */
export interface OutcomeSums {
  regulations: { total: number; new: number; revised: number };
  amountsFen: Record<AmountKind, number>;
  people: { total: number; byKind: Record<string, number> };
}
