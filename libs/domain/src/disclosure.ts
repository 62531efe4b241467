/**
 * 公开: what of a round's progress report is published. A finding can be withheld from the
 * public version (向社会通报) for one of the reasons the rules for publishing rectification
 * recognise; the internal version (向党内通报) keeps every finding.
 */
export const WITHHOLD_REASONS = [
  'state_secret',
  'pending_case',
  'negative_hype',
  'mass_petition',
  'major_sensitive',
] as const;
export type WithholdReason = (typeof WITHHOLD_REASONS)[number];

export const WITHHOLD_REASON_LABELS_ZH: Record<WithholdReason, string> = {
  state_secret: '涉及党和国家秘密',
  pending_case: '正在初核或已立案但未公布的案件',
  negative_hype: '可能引起大的负面炒作',
  mass_petition: '可能引发大规模上访或群体性事件',
  major_sensitive: '重大敏感事项',
};

export function isWithholdReason(value: unknown): value is WithholdReason {
  return typeof value === 'string' && (WITHHOLD_REASONS as readonly string[]).includes(value);
}

/** The two versions of the progress report. */
export const REPORT_VERSIONS = ['internal', 'public'] as const;
export type ReportVersion = (typeof REPORT_VERSIONS)[number];

/**
 * Whether a publication window [from, to] (calendar days, YYYY-MM-DD) holds `today` (the
 * calendar day it is in the organisation's time zone).
 */
export function windowOpen(window: { from: string; to: string }, today: string): boolean {
  return window.from <= today && today <= window.to;
}
