// Test documents built in code: a report of the genre with as many findings as a test needs.

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * A progress report with `areas` × `themes` × `findings` findings, each with three measures of
 * realistic length, a long-term section citing two of them, and the publication block.
 */
export function generatedReport(areas: number, themes: number, findings: number): string {
  const lines = [
    '中共青溪县某局党组',
    '关于县委巡察整改进展情况的通报',
    '根据县委统一部署，县委巡察组对某局党组开展了常规巡察，现将整改进展情况予以公布。',
    '一、党组履行巡察整改主体责任情况',
    '（一）加强组织领导。成立整改工作领导小组，逐项明确责任领导、牵头部门和整改时限。',
    '二、巡察反馈问题整改落实情况',
  ];
  let n = 0;
  for (let a = 1; a <= areas; a++) {
    lines.push(`（${CN[a]}）聚焦第${CN[a]}项重点工作方面`);
    for (let t = 1; t <= themes; t++) {
      lines.push(`${t}.第${CN[a]}方面第${CN[t]}类问题整改推进不够有力。`);
      for (let f = 1; f <= findings; f++) {
        n++;
        lines.push(
          `（${n}）第${n}号问题：部分工作制度执行不严格，台账资料不完整，整改责任落实不到位。`,
        );
        lines.push(
          `一是对第${n}号问题涉及的制度执行情况开展全面排查，逐项建立问题清单和整改台账；` +
            `二是修订完善相关管理制度，明确各环节责任人和办理时限，每月通报执行情况；` +
            `三是将整改情况纳入年度绩效考核，对整改不力的严肃追责问责。截至2025年9月，已整改到位。`,
        );
      }
    }
  }
  lines.push(
    '三、需长期整改事项进展情况',
    '（一）第1号问题：部分工作制度执行不严格，台账资料不完整，整改责任落实不到位。已制定三年规划，分年度推进。',
    `（二）第${n}号问题：部分工作制度执行不严格，台账资料不完整，整改责任落实不到位。正在按计划推进。`,
    '四、下一步工作计划',
    '（一）持续巩固整改成果。适时开展“回头看”，防止问题反弹回潮。',
    '欢迎广大干部群众对巡察整改落实情况进行监督。公开期限：2025年10月9日至10月23日。联系电话：0000-87654321；电子邮箱：zg@example.org。',
  );
  return lines.join('\n');
}
