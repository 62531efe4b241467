import type { NoticeView as Notice } from '../views/notice-views';
import { groupNotices } from './notice-groups';

let seq = 0;
const notice = (over: Partial<Notice>): Notice => ({
  id: `n${seq++}`,
  kind: 'reminder',
  code: null,
  params: null,
  findingId: null,
  taskId: null,
  title: '提醒',
  body: '',
  createdAt: '2026-12-04T02:00:00.000Z',
  read: false,
  readAt: null,
  ...over,
});
const day = (iso: string) => iso.slice(0, 10);

describe('the bell’s notice groups', () => {
  it('puts one kind about one finding on one line, newest first, counting the unread', () => {
    const a1 = notice({ findingId: 'A', createdAt: '2026-12-04T03:00:00.000Z' });
    const b = notice({ findingId: 'B', createdAt: '2026-12-04T02:30:00.000Z' });
    const a2 = notice({ findingId: 'A', createdAt: '2026-12-01T02:00:00.000Z', read: true });
    const aEscalation = notice({ findingId: 'A', kind: 'escalation' });
    const groups = groupNotices([a1, b, a2, aEscalation], day);
    expect(groups.map((g) => g.items.map((n) => n.id))).toEqual([
      [a1.id, a2.id],
      [b.id],
      [aEscalation.id],
    ]);
    expect(groups.map((g) => g.unread)).toEqual([1, 1, 1]);
  });

  it('puts one kind about no finding on one line per day', () => {
    const today1 = notice({ createdAt: '2026-12-04T05:00:00.000Z' });
    const today2 = notice({ createdAt: '2026-12-04T01:00:00.000Z' });
    const yesterday = notice({ createdAt: '2026-12-03T05:00:00.000Z' });
    const other = notice({ kind: 'mention', createdAt: '2026-12-04T04:00:00.000Z' });
    const groups = groupNotices([today1, other, today2, yesterday], day);
    expect(groups.map((g) => g.items.length)).toEqual([2, 1, 1]);
    expect(groups[0].items).toEqual([today1, today2]);
  });
});
