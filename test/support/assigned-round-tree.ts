// A big round to import in one request, for the tests and measurements of large exports.

/** A structured import of `n` findings in 2 areas of 5 themes, every one assigned to D1. */
export function assignedRoundTree(n: number) {
  const dueAt = new Date(Date.now() + 30 * 86400_000).toISOString();
  const per = Math.ceil(n / 10);
  return {
    areas: [1, 2].map((a) => ({
      title: `聚焦第${a}方面`,
      themes: [1, 2, 3, 4, 5].map((t) => ({
        title: `第${a}方面第${t}类问题`,
        findings: Array.from({ length: per }, (_, i) => ((a - 1) * 5 + t - 1) * per + i)
          .filter((i) => i < n)
          .map((i) => ({
            title: `问题${i + 1}：相关制度执行不到位，台账资料不完整`,
            measures: [`问题${i + 1}的第一条措施：全面排查`, `问题${i + 1}的第二条措施：建章立制`],
            leadDepartmentCode: 'D1',
            responsibleLeaderUsername: 'leader1',
            dueAt,
          })),
      })),
    })),
  };
}
