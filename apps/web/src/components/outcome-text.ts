import {
  AMOUNT_KIND_LABELS,
  fenAsChineseAmount,
  fenToYuan,
  REGULATION_KIND_LABELS,
  type AmountKind,
  type OutcomeKind,
  type RegulationKind,
} from '@rectiflow/domain';

/** The fields an outcome (or its audit event's data) states. */
export interface OutcomeFields {
  kind: OutcomeKind;
  title?: string | null;
  regulationKind?: RegulationKind | null;
  issuer?: string | null;
  issuedOn?: string | null;
  amountKind?: AmountKind | null;
  amountFen?: number | null;
  peopleCount?: number | null;
  peopleKind?: string | null;
}

/** One outcome in a line, in the app's language: the finding page's list and its history. */
export function outcomeText(o: OutcomeFields, lang: 'zh' | 'en'): string {
  if (o.kind === 'regulation') {
    const kind = o.regulationKind ? REGULATION_KIND_LABELS[o.regulationKind][lang] : '';
    return `${kind} ${o.title ?? ''} · ${o.issuer ?? ''} · ${o.issuedOn ?? ''}`;
  }
  if (o.kind === 'amount' && typeof o.amountFen === 'number') {
    const kind = o.amountKind ? AMOUNT_KIND_LABELS[o.amountKind][lang] : '';
    const sum = lang === 'zh' ? fenAsChineseAmount(o.amountFen) : `¥${fenToYuan(o.amountFen)}`;
    return `${kind} ${sum}`;
  }
  return `${o.peopleKind ?? ''} ${o.peopleCount ?? 0}${lang === 'zh' ? '人' : ' people'}`;
}
