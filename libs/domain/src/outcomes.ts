/**
 * 整改成效: what a finding's rectification produced, as published reports sum it up
 * ("完善和新建制度589项，清退违规资金66.57万元、追回应由个人承担的资金146万元，挽回经济损失1369.5万元"):
 * regulations adopted or revised (建章立制), amounts of money by kind, and people dealt with.
 *
 * Amounts are kept as integer 分 (fen, 1/100 元) end to end — in the database, in sums and in
 * answers — so no figure drifts through floating-point arithmetic; 元 appear only as decimal
 * strings made from those integers.
 */

export const OUTCOME_KINDS = ['regulation', 'amount', 'people'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** 新建 (a new regulation) or 修订 (an existing one revised). */
export const REGULATION_KINDS = ['new', 'revised'] as const;
export type RegulationKind = (typeof REGULATION_KINDS)[number];

/** 清退违规资金, 追回应由个人承担的资金, 挽回经济损失. */
export const AMOUNT_KINDS = ['returned', 'recovered', 'retrieved'] as const;
export type AmountKind = (typeof AMOUNT_KINDS)[number];

export const OUTCOME_KIND_LABELS: Record<OutcomeKind, { zh: string; en: string }> = {
  regulation: { zh: '建章立制', en: 'Regulation' },
  amount: { zh: '资金', en: 'Funds' },
  people: { zh: '处理人员', en: 'People dealt with' },
};

export const REGULATION_KIND_LABELS: Record<RegulationKind, { zh: string; en: string }> = {
  new: { zh: '新建', en: 'New' },
  revised: { zh: '修订', en: 'Revised' },
};

export const AMOUNT_KIND_LABELS: Record<AmountKind, { zh: string; en: string }> = {
  returned: { zh: '清退违规资金', en: 'Improper funds returned' },
  recovered: { zh: '追回应由个人承担的资金', en: 'Funds recovered from individuals' },
  retrieved: { zh: '挽回经济损失', en: 'Economic losses retrieved' },
};

/**
 * "665700", "665700.5", "665700.50": 元 with at most two decimals, no sign, no exponent, below
 * 100 billion 元 (so sums of many stay far inside 2^53 分).
 */
export const YUAN_PATTERN = /^(0|[1-9]\d{0,10})(\.\d{1,2})?$/;

/** 元 as written (a decimal string) → integer 分, or null when it is not such a string. */
export function yuanToFen(yuan: string): number | null {
  const m = YUAN_PATTERN.exec(yuan.trim());
  if (!m) return null;
  const cents = (m[2] ?? '').slice(1).padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}

/** Integer 分 → 元 as a decimal string with two decimals ("665700.00"). */
export function fenToYuan(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = Math.abs(fen % 100);
  return `${fen < 0 && whole === 0 ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
}

/**
 * Integer 分 as the genre states an amount: 万元 from 1万元 up ("66.57万元", "146万元"), exact
 * (trailing zeros dropped, never rounded, so the text equals the recorded sum), 元 below that.
 */
export function fenAsChineseAmount(fen: number): string {
  const trim = (whole: number, frac: string) => {
    const f = frac.replace(/0+$/, '');
    return f ? `${whole}.${f}` : `${whole}`;
  };
  if (fen >= 1_000_000) {
    return `${trim(Math.trunc(fen / 1_000_000), String(fen % 1_000_000).padStart(6, '0'))}万元`;
  }
  return `${trim(Math.trunc(fen / 100), String(fen % 100).padStart(2, '0'))}元`;
}
