// 整改成效 as the genre sums them up in a report's opening: "完善和新建制度589项，清退违规资金
// 66.57万元、追回应由个人承担的资金146万元，挽回经济损失1369.5万元" — only the parts that are not zero.

import { AMOUNT_KIND_LABELS, fenAsChineseAmount } from '@rectiflow/domain';
import type { OutcomeSums } from '@rectiflow/contracts';

export type { OutcomeSums };

/** Nothing recorded: every figure zero. */
export function noOutcomes(): OutcomeSums {
  return {
    regulations: { total: 0, new: 0, revised: 0 },
    amountsFen: { returned: 0, recovered: 0, retrieved: 0 },
    people: { total: 0, byKind: {} },
  };
}

/** "完善和新建制度N项" (both), "新建制度N项" or "修订完善制度N项"; empty for none. */
export function regulationsPhrase(r: OutcomeSums['regulations']): string {
  if (r.total === 0) return '';
  if (r.new > 0 && r.revised > 0) return `完善和新建制度${r.total}项`;
  return r.new > 0 ? `新建制度${r.new}项` : `修订完善制度${r.revised}项`;
}

/** "清退违规资金66.57万元、追回应由个人承担的资金146万元，挽回经济损失1369.5万元", non-zero kinds only. */
export function amountsPhrase(a: OutcomeSums['amountsFen']): string {
  const funds = (['returned', 'recovered'] as const)
    .filter((k) => a[k] > 0)
    .map((k) => `${AMOUNT_KIND_LABELS[k].zh}${fenAsChineseAmount(a[k])}`)
    .join('、');
  const losses =
    a.retrieved > 0 ? `${AMOUNT_KIND_LABELS.retrieved.zh}${fenAsChineseAmount(a.retrieved)}` : '';
  return [funds, losses].filter((p) => p).join('，');
}

/** "问责处理5人（其中诫勉谈话2人、批评教育3人）"; empty for none. */
export function peoplePhrase(p: OutcomeSums['people']): string {
  if (p.total === 0) return '';
  const kinds = Object.entries(p.byKind).filter(([, n]) => n > 0);
  const detail =
    kinds.length > 1 ? `（其中${kinds.map(([k, n]) => `${k}${n}人`).join('、')}）` : '';
  const only = kinds.length === 1 ? `，均为${kinds[0][0]}` : '';
  return `问责处理${p.total}人${detail}${only}`;
}

/** The whole sentence's body, or '' when nothing was recorded (the report then says nothing). */
export function outcomesSentence(sums: OutcomeSums): string {
  return [
    regulationsPhrase(sums.regulations),
    amountsPhrase(sums.amountsFen),
    peoplePhrase(sums.people),
  ]
    .filter((p) => p)
    .join('，');
}

/** The ledger's outcome figures: a heading and how to read it off the sums (amounts in 元). */
export const OUTCOME_FIGURES: readonly { label: string; value: (s: OutcomeSums) => number }[] = [
  { label: '建章立制（项）', value: (s) => s.regulations.total },
  { label: '其中新建制度（项）', value: (s) => s.regulations.new },
  { label: '其中修订完善制度（项）', value: (s) => s.regulations.revised },
  { label: '清退违规资金（元）', value: (s) => s.amountsFen.returned / 100 },
  { label: '追回应由个人承担的资金（元）', value: (s) => s.amountsFen.recovered / 100 },
  { label: '挽回经济损失（元）', value: (s) => s.amountsFen.retrieved / 100 },
  { label: '问责处理（人）', value: (s) => s.people.total },
];
