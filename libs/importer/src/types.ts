/** One problem (反馈问题) with its rectification measures (整改措施). */
export interface ParsedFinding {
  title: string;
  measures: string[];
  longTerm: boolean;
  /** 1-based line of the finding's heading in the input, for warnings and review screens. */
  line: number;
  /**
   * Text of the long-term section entry (需长期整改事项) that referred back to this finding,
   * e.g. its stage plan. Only set when such an entry was matched to an already listed finding.
   */
  longTermNote?: string;
}

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
