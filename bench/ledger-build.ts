// Times the ledger workbook's build (no API, no database) for a synthetic round of N findings:
// the structured clone of its input, the shaping and exceljs build, and the zip/write.
//   node -r ./test/support/ts-register.cjs bench/ledger-build.ts [N] [repeats]
import { performance } from 'node:perf_hooks';
import * as os from 'node:os';
import { buildLedgerWorkbook, ledgerXlsxBuffer, type LedgerInput } from '@rectiflow/reports';
import { departmentFigures } from '@rectiflow/reports';

const n = Number(process.argv[2] ?? 5000);
const repeats = Number(process.argv[3] ?? 3);

function input(count: number): LedgerInput {
  const dueAt = new Date(Date.now() + 30 * 86400_000).toISOString();
  const stages = ['assign', 'draft_measures', 'evidence', 'closed', 'long_term'] as const;
  const findings = Array.from({ length: count }, (_, i) => ({
    code: String(i + 1).padStart(3, '0'),
    areaTitle: `聚焦第${(i % 2) + 1}方面`,
    themeTitle: `第${(i % 2) + 1}方面第${(i % 5) + 1}类问题`,
    title: `问题${i + 1}：相关制度执行不到位，台账资料不完整`,
    measures: [`问题${i + 1}的第一条措施：全面排查`, `问题${i + 1}的第二条措施：建章立制`],
    responsibleLeader: '王局长',
    leadDepartment: '办公室',
    coDepartments: i % 5 === 0 ? ['财务科'] : [],
    dueAt,
    stage: stages[i % stages.length],
    longTerm: i % 13 === 0,
    light: (['red', 'yellow', 'green'] as const)[i % 3],
    escalationLevel: i % 7 === 0 ? 1 : 0,
    sentBackCount: i % 11 === 0 ? 1 : 0,
    accountabilityCount: 0,
    closedAt: stages[i % stages.length] === 'closed' ? new Date().toISOString() : null,
    evidence: i % 4 === 0 ? [{ filename: `材料${i}.pdf`, sha256: 'a'.repeat(64) }] : [],
    withdrawn: i % 97 === 0,
    overdue: i % 3 === 0,
    escalated: i % 7 === 0,
    talks: 0,
    accountabilityRecords: 0,
    ordersIssued: 0,
    openOrders: 0,
  }));
  return {
    round: {
      title: '县委第五巡察组反馈意见',
      source: 'audit',
      inspectingBody: null,
      feedbackDate: null,
      dueAt: null,
      nextSteps: null,
    } as unknown as LedgerInput['round'],
    asOf: new Date().toISOString(),
    departmentOnly: null,
    outcomes: undefined,
    departments: departmentFigures(
      [{ id: 'd1', code: 'D1', name: '办公室' }],
      findings.map((f) => ({ ...f, leadDepartmentId: 'd1' })),
      new Map(),
    ),
    findings,
  } as LedgerInput;
}

async function main() {
  if (process.env.ONLY_NEW) {
    const data = input(n);
    for (let r = 0; r < repeats; r++) await ledgerXlsxBuffer(structuredClone(data));
    return;
  }
  const data = input(n);
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; ${n} findings`,
  );
  for (let r = 0; r < repeats; r++) {
    let t = performance.now();
    const cloned = structuredClone(data);
    const clone = performance.now() - t;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const wb = buildLedgerWorkbook(cloned);
    const build = performance.now() - t;
    t = performance.now();
    const buf = Buffer.from(
      (await wb.xlsx.writeBuffer(
        process.env.ZIP ? ({ zip: JSON.parse(process.env.ZIP) } as never) : undefined,
      )) as ArrayBuffer,
    );
    const write = performance.now() - t;
    const used0 = process.cpuUsage(cpu0);
    t = performance.now();
    const cpu = process.cpuUsage();
    const whole = await ledgerXlsxBuffer(cloned);
    const all = performance.now() - t;
    const used = process.cpuUsage(cpu);
    console.log(
      `clone ${clone.toFixed(0)} ms, build ${build.toFixed(0)} ms, write ${write.toFixed(0)} ms, CPU ${((used0.user + used0.system) / 1000).toFixed(0)} ms (${buf.length} B); ledgerXlsxBuffer ${all.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms (${whole.length} B)`,
    );
  }
}
void main();
