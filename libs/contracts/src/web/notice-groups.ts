/** What grouping needs of a notice (`NoticeView` has it). */
export interface GroupableNotice {
  kind: string;
  findingId: string | null;
  createdAt: string;
  read: boolean;
}

/** Notices shown as one line of the bell: the same kind about the same finding, or on one day. */
export interface NoticeGroup<N extends GroupableNotice> {
  key: string;
  /** Newest first, as the API lists them; `items[0]` is the line's text. */
  items: N[];
  unread: number;
}

/**
 * Groups the bell's notices (newest first): those of one kind about one finding make one line,
 * and those of one kind about no finding one line per day (`dayOf`, the organisation's day).
 * Groups keep the order of their newest notice.
 */
export function groupNotices<N extends GroupableNotice>(
  notices: readonly N[],
  dayOf: (iso: string) => string,
): NoticeGroup<N>[] {
  const groups = new Map<string, NoticeGroup<N>>();
  for (const n of notices) {
    const key = n.findingId
      ? `${n.kind}|finding:${n.findingId}`
      : `${n.kind}|day:${dayOf(n.createdAt)}`;
    const group = groups.get(key) ?? { key, items: [], unread: 0 };
    group.items.push(n);
    if (!n.read) group.unread += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}
