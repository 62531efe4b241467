import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Random and mutated documents for fuzzing the importer, reproducible from (seed, index): the
 * test can regenerate any document a worker choked on and save it.
 */

const root = path.resolve(__dirname, '../../..');

/** The genre documents in the repository (and the shared sample when this machine has it). */
export function sourceDocuments(): string[] {
  const dir = path.join(root, 'libs/importer/test-documents');
  const docs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const sample = path.resolve(root, '../shared/samples/feedback-sample.txt');
  if (fs.existsSync(sample)) docs.push(fs.readFileSync(sample, 'utf8'));
  return docs;
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARKERS = [
  '一、',
  '二、',
  '三、需长期整改事项',
  '四、',
  '（一）聚焦',
  '（二）',
  '1.',
  '2．',
  '（1）',
  '(2)',
  '一是',
  '二是',
  '三是',
  '；',
  '。',
  '公开期限：',
  '2025年4月27日至5月11日',
  '联系电话：',
  '0571-12345678',
  '电子邮箱：',
  'a@b.cn',
  '通信地址：',
  '邮政编码：',
  '“',
  '”',
  '关于“',
  '方面',
  '\n',
  '\r\n',
  '\t',
  '\u3000',
];
const WIDTH: Record<string, string> = {
  '（': '(',
  '）': ')',
  '：': ':',
  '；': ';',
  '，': ',',
  '。': '.',
  '．': '.',
  '、': ',',
};
const HALF: Record<string, string> = Object.fromEntries(
  Object.entries(WIDTH).map(([k, v]) => [v, k]),
);

export interface FuzzDocument {
  text: string;
  recipe: string[];
}

/** Document `index` of the run with `seed`. */
export function fuzzDocument(sources: string[], seed: number, index: number): FuzzDocument {
  const random = prng(seed * 100_003 + index);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const recipe: string[] = [];
  const randomText = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      const r = random();
      if (r < 0.15) s += pick(MARKERS);
      else if (r < 0.55)
        s += String.fromCharCode(0x4e00 + int(0x5000)); // CJK
      else if (r < 0.75)
        s += String.fromCharCode(0x20 + int(0x5f)); // ASCII
      else s += String.fromCharCode(int(0x10000)); // anything, lone surrogates included
    }
    return s;
  };
  const garbage = (n: number) => {
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = int(256);
    return random() < 0.5 ? bytes.toString('latin1') : bytes.toString('utf8');
  };
  const mutations: [string, (t: string) => string][] = [
    [
      'shuffle lines',
      (t) =>
        t
          .split('\n')
          .sort(() => random() - 0.5)
          .join('\n'),
    ],
    ['cut head', (t) => t.slice(int(t.length))],
    ['cut tail', (t) => t.slice(0, int(t.length))],
    [
      'cut middle',
      (t) => {
        const a = int(t.length);
        return t.slice(0, a) + t.slice(a + int(t.length - a));
      },
    ],
    [
      'drop lines',
      (t) =>
        t
          .split('\n')
          .filter(() => random() > 0.3)
          .join('\n'),
    ],
    [
      'repeat lines',
      (t) =>
        t
          .split('\n')
          .flatMap((l) => (random() < 0.2 ? [l, l, l] : [l]))
          .join('\n'),
    ],
    [
      'mix punctuation width',
      (t) =>
        t.replace(/[（）：；，。．、():;,.]/g, (c) =>
          random() < 0.5 ? (WIDTH[c] ?? HALF[c] ?? c) : c,
        ),
    ],
    [
      'full-width digits',
      (t) =>
        t.replace(/[0-9]/g, (d) => (random() < 0.5 ? String.fromCharCode(0xff10 + Number(d)) : d)),
    ],
    [
      'sprinkle markers',
      (t) => {
        const cs = Array.from(t);
        for (let i = 0; i < 30; i++) cs.splice(int(cs.length + 1), 0, pick(MARKERS));
        return cs.join('');
      },
    ],
    ['one line', (t) => t.replace(/\r?\n/g, '')],
    ['CR line ends', (t) => t.replace(/\n/g, random() < 0.5 ? '\r\n' : '\r')],
    [
      'huge line',
      (t) => {
        const lines = t.split('\n');
        lines.splice(
          int(lines.length + 1),
          0,
          pick(['一是', '（1）', '1.', '（一）', '，', randomText(3)]).repeat(20_000 + int(60_000)),
        );
        return lines.join('\n');
      },
    ],
    [
      'binary garbage',
      (t) => {
        const at = int(t.length + 1);
        return t.slice(0, at) + garbage(1 + int(20_000)) + t.slice(at);
      },
    ],
    [
      'NULs and BOMs',
      (t) => `\ufeff${t}`.replace(/\n/g, () => (random() < 0.1 ? '\u0000\n' : '\n')),
    ],
    ['nest deeper', (t) => t.replace(/^（(\S)）/gm, '（$1）（$1）1.（1）')],
  ];
  let text: string;
  const r = random();
  if (r < 0.08) {
    recipe.push('random text');
    text = randomText(int(5000));
  } else if (r < 0.12) {
    recipe.push('binary');
    text = garbage(int(50_000));
  } else {
    const source = int(sources.length);
    recipe.push(`source ${source}`);
    text = sources[source];
    const rounds = 1 + int(4);
    for (let i = 0; i < rounds; i++) {
      const [name, mutate] = pick(mutations);
      recipe.push(name);
      text = mutate(text);
    }
  }
  return { text, recipe };
}
