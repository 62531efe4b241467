import { parseRectificationText, ParseResult } from './index';
import { mulberry32, readDocument, readSample } from './test-support/fixtures';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What must hold for any input whatsoever. Collects problems first: expect() per item is slow. */
function expectWellFormed(result: ParseResult): void {
  const problems: string[] = [];
  const counts = {
    areas: result.areas.length,
    themes: 0,
    findings: 0,
    measures: 0,
    longTermItems: 0,
  };
  for (const area of result.areas) {
    if (typeof area.title !== 'string') problems.push('area title');
    counts.themes += area.themes.length;
    for (const theme of area.themes) {
      counts.findings += theme.findings.length;
      for (const finding of theme.findings) {
        counts.measures += finding.measures.length;
        if (finding.longTerm) counts.longTermItems++;
        if (!Number.isInteger(finding.line)) problems.push(`line of ${finding.title}`);
        // A titled finding always carries at least one measure (its text or its title).
        if (finding.title.length > 0 && finding.measures.length === 0) {
          problems.push(`no measure: ${finding.title}`);
        }
      }
    }
  }
  const publication = result.publication;
  for (const date of publication ? [publication.from, publication.to] : []) {
    if (date !== null && !ISO_DATE.test(date)) problems.push(`date ${date}`);
  }
  if (!result.warnings.every((w) => typeof w === 'string')) problems.push('warning type');
  if (counts.findings === 0 && result.warnings.length === 0)
    problems.push('no findings, no warning');
  expect(problems).toEqual([]);
  expect(result.counts).toEqual(counts);
}

/**
 * Parses and answers the CPU time it took: parsing is synchronous work in this process, so its
 * CPU time does not grow while other processes keep a busy machine's cores (wall-clock time
 * does, and failed this bound on a loaded 2-core machine).
 */
function timed(text: string): { result: ParseResult; ms: number } {
  const start = process.cpuUsage();
  const result = parseRectificationText(text);
  const used = process.cpuUsage(start);
  return { result, ms: (used.user + used.system) / 1000 };
}

describe('robustness', () => {
  const random = mulberry32(20250901);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const sources = [
    readSample(),
    ...['half-width.txt', 'about-layout.txt', 'long-term.txt', 'numbering.txt'].map(readDocument),
  ];
  const fragments = [
    '（',
    '）',
    '(',
    '1.',
    '（1）',
    '（一）',
    '一、',
    '三、需长期整改事项',
    '一是',
    '；',
    '。',
    '\n',
    '公开期限：',
    '联系电话：',
    '@',
    '“',
    '关于“',
    '方面',
    '\u0000',
    '\ud800',
  ];

  const mutations: ((text: string) => string)[] = [
    (t) =>
      t
        .split('\n')
        .sort(() => random() - 0.5)
        .join('\n'),
    (t) => t.slice(0, Math.floor(random() * t.length)),
    (t) => t.slice(Math.floor(random() * t.length)),
    (t) => t.replace(/\n/g, ''),
    (t) =>
      t
        .split('\n')
        .filter(() => random() > 0.3)
        .join('\n'),
    (t) => {
      const chars = t.split('');
      for (let i = 0; i < 20; i++)
        chars.splice(Math.floor(random() * chars.length), 0, pick(fragments));
      return chars.join('');
    },
    (t) =>
      t.replace(
        /[（）；：，]/g,
        (c) => ({ '（': '(', '）': ')', '；': ';', '：': ':', '，': ',' })[c] ?? c,
      ),
    (t) => Array.from({ length: 3 }, () => t).join('\n'),
  ];

  it('never throws on mutated reports and keeps its invariants', () => {
    for (let i = 0; i < 400; i++) {
      let text = pick(sources);
      const rounds = 1 + Math.floor(random() * 3);
      for (let r = 0; r < rounds; r++) text = pick(mutations)(text);
      expectWellFormed(parseRectificationText(text));
    }
  });

  it('never throws on random strings and random bytes', () => {
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 2000);
      let text = '';
      for (let j = 0; j < length; j++) {
        text +=
          random() < 0.2 ? pick(fragments) : String.fromCharCode(Math.floor(random() * 0x10000));
      }
      expectWellFormed(parseRectificationText(text));
    }
  });

  it('keeps every finding when measure lines are lost, punctuation changes width or numbers repeat', () => {
    const sample = readSample();
    const titles = (r: ParseResult) =>
      r.areas.flatMap((a) => a.themes.flatMap((t) => t.findings.map((f) => f.title)));
    const expected = titles(parseRectificationText(sample));
    const noMeasures = sample
      .split('\n')
      .filter((line) => !line.startsWith('一是'))
      .join('\n');
    const halfWidth = sample.replace(/[（）]/g, (c) => (c === '（' ? '(' : ')'));
    const sameNumbers = sample.replace(/（\d）/g, '（1）');
    for (const text of [noMeasures, halfWidth, sameNumbers]) {
      const result = parseRectificationText(text);
      expect(titles(result)).toEqual(expect.arrayContaining(expected));
      expectWellFormed(result);
    }
  });

  describe('large inputs return quickly', () => {
    const MB = 1024 * 1024;
    // 64 KB of noise repeated: generating 5 MB byte by byte would dominate the test's time.
    const bytes = (n: number): string => {
      const buffer = Buffer.alloc(64 * 1024);
      for (let i = 0; i < buffer.length; i++) buffer[i] = Math.floor(random() * 256);
      return buffer
        .toString('latin1')
        .repeat(Math.ceil(n / buffer.length))
        .slice(0, n);
    };
    const cases: [string, () => string][] = [
      [
        '5 MB single line of report text',
        () =>
          readSample()
            .replace(/\n/g, '')
            .repeat(2700)
            .slice(0, 5 * MB),
      ],
      ['5 MB of one letter', () => 'a'.repeat(5 * MB)],
      ['5 MB of "；一是"', () => '；一是'.repeat((5 * MB) / 3)],
      ['5 MB of "（"', () => '（'.repeat(5 * MB)],
      ['5 MB of publication keywords', () => '联系电话：电子邮箱：@'.repeat((5 * MB) / 11)],
      ['5 MB of newlines', () => '\n'.repeat(5 * MB)],
      ['5 MB of random bytes', () => bytes(5 * MB)],
      [
        '5 MB of random bytes read as UTF-8',
        () => Buffer.from(bytes(5 * MB), 'latin1').toString('utf8'),
      ],
      [
        '100 000 findings, each cited as long-term',
        () => {
          const head = '二、问题\n（一）聚焦方面\n1.主题。\n';
          const body = Array.from(
            { length: 50_000 },
            (_, i) => `（${i % 999}）问题${i}。一是措施。`,
          ).join('\n');
          const lt = Array.from({ length: 50_000 }, (_, i) => `（一）事项${i}。`).join('\n');
          return `${head}${body}\n三、需长期整改事项\n${lt}`;
        },
      ],
    ];

    it.each(cases)('%s', (_name, make) => {
      const { result, ms } = timed(make());
      expectWellFormed(result);
      expect(ms).toBeLessThan(1500);
    });
  });
});
