/** One problem (反馈问题) with its rectification measures (整改措施). */
export interface ParsedFinding {
  title: string;
  measures: string[];
  longTerm: boolean;
  /** 1-based line of the finding's heading in the input, for warnings and review screens. */
  line: number;
  /**
   * The long-term section's own entry (需长期整改事项) for this finding, as written there: set on
   * a listed finding the entry was matched to, and on a finding made from an unmatched entry.
   */
  longTermEntry?: LongTermEntry;
}

/**
 * One entry of the long-term section (三、需长期整改事项进展情况): its own heading ("持续推进…")
 * and its progress paragraph, kept with the finding it belongs to.
 */
export interface LongTermEntry {
  title: string;
  /** The entry's text after its heading; "一是…二是…" lists keep their enumerators. */
  progress: string;
  /** 1-based line of the entry's heading. */
  line: number;
  /**
   * How the entry was tied to its finding: the same title (or an explicit "（对应问题：…）"),
   * one title containing the other, shared words (a guess, always warned about), or `own`: no
   * listed finding matched, so the entry became a finding of its own.
   */
  match: LongTermMatch;
}

export type LongTermMatch = 'title' | 'contains' | 'words' | 'own';

/** Second grouping (问题类别, "1.…"). */
export interface ParsedTheme {
  title: string;
  findings: ParsedFinding[];
}

/** Top grouping ("（一）聚焦…方面" or "（一）关于“…”问题的整改"). */
export interface ParsedArea {
  title: string;
  themes: ParsedTheme[];
}

/** The public comment block at the end of a report; dates as 'YYYY-MM-DD'. */
export interface Publication {
  from: string | null;
  to: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
}

export interface ParseCounts {
  areas: number;
  themes: number;
  findings: number;
  measures: number;
  longTermItems: number;
}

export interface ParseResult {
  areas: ParsedArea[];
  publication: Publication | null;
  warnings: string[];
  counts: ParseCounts;
}

export interface ParseOptions {
  /** Year for dates written without one ("4月27日至5月11日"). */
  defaultYear?: number;
}
