// What the office changed in an import's preview before confirming it, stated against the tree
// the document was parsed into. Each corrected finding names the parsed findings it was made from
// (`fromParsed`), so a split, a merge, a drop or a move is told as such rather than as "one
// finding removed, two added"; the content itself is always compared, never taken on trust.

/** A long-term item's own entry, as stored with its finding. */
export interface EntryText {
  title: string;
  progress: string;
}

export interface TreeFinding {
  title: string;
  measures?: string[];
  longTerm?: boolean;
  longTermEntry?: EntryText | null;
  /** Set on a parsed finding: its position in the parsed document, from 0. */
  ref?: number;
  /** Set on a corrected finding: the refs of the parsed findings it was made from. */
  fromParsed?: number[];
}

export interface TreeArea {
  title: string;
  themes: { title: string; findings: TreeFinding[] }[];
}

export interface Place {
  area: string;
  theme: string;
}

export interface LongTermState {
  longTerm: boolean;
  entry: EntryText | null;
}

/** A finding's content in a split or merge; `longTerm` only when it is a long-term item. */
export interface FindingText {
  title: string;
  measures: string[];
  longTerm?: LongTermState;
}

export type ImportCorrection =
  | { kind: 'dropped'; ref: number; title: string }
  | { kind: 'split'; ref: number; from: FindingText; into: FindingText[] }
  | { kind: 'merged'; refs: number[]; from: FindingText[]; into: FindingText }
  | { kind: 'retitled'; ref: number; from: string; to: string }
  | { kind: 'measures'; ref: number; title: string; from: string[]; to: string[] }
  | { kind: 'moved'; ref: number; title: string; from: Place; to: Place }
  | { kind: 'longTerm'; ref: number | null; title: string; from: LongTermState; to: LongTermState }
  | { kind: 'added'; title: string; place: Place }
  | { kind: 'themes'; removed: Place[]; added: Place[] };

interface Located {
  finding: TreeFinding;
  place: Place;
}

function locate(areas: TreeArea[]): Located[] {
  return areas.flatMap((area) =>
    area.themes.flatMap((theme) =>
      theme.findings.map((finding) => ({
        finding,
        place: { area: area.title, theme: theme.title },
      })),
    ),
  );
}

function longTermOf(f: TreeFinding): LongTermState {
  const entry = f.longTermEntry
    ? { title: f.longTermEntry.title, progress: f.longTermEntry.progress }
    : null;
  return { longTerm: f.longTerm === true || entry !== null, entry };
}

function textOf(f: TreeFinding): FindingText {
  const longTerm = longTermOf(f);
  return {
    title: f.title,
    measures: f.measures ?? [],
    ...(longTerm.longTerm ? { longTerm } : {}),
  };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameLongTerm(a: LongTermState, b: LongTermState): boolean {
  return (
    a.longTerm === b.longTerm &&
    a.entry?.title === b.entry?.title &&
    a.entry?.progress === b.entry?.progress
  );
}

function samePlace(a: Place, b: Place): boolean {
  return a.area === b.area && a.theme === b.theme;
}

/** The parsed findings' refs, each once: a corrected tree may only name these. */
export function parsedRefs(parsed: TreeArea[]): Set<number> {
  const refs = new Set<number>();
  locate(parsed).forEach(({ finding }, i) => refs.add(finding.ref ?? i));
  return refs;
}

/** Themes as (area, theme) pairs, counted: a title may repeat. */
function themeCounts(areas: TreeArea[]): Map<string, { place: Place; n: number }> {
  const out = new Map<string, { place: Place; n: number }>();
  for (const area of areas) {
    for (const theme of area.themes) {
      const key = JSON.stringify([area.title, theme.title]);
      const known = out.get(key);
      if (known) known.n++;
      else out.set(key, { place: { area: area.title, theme: theme.title }, n: 1 });
    }
  }
  return out;
}

function themeChanges(parsed: TreeArea[], corrected: TreeArea[]): ImportCorrection[] {
  const before = themeCounts(parsed);
  const after = themeCounts(corrected);
  const removed: Place[] = [];
  const added: Place[] = [];
  for (const [key, { place, n }] of before) {
    for (let i = after.get(key)?.n ?? 0; i < n; i++) removed.push(place);
  }
  for (const [key, { place, n }] of after) {
    for (let i = before.get(key)?.n ?? 0; i < n; i++) added.push(place);
  }
  return removed.length + added.length > 0 ? [{ kind: 'themes', removed, added }] : [];
}

/**
 * Every difference between the parsed tree and the corrected one, in the parsed document's order
 * (findings added by hand last). Refs a corrected finding names that the parsed tree lacks are
 * ignored here; callers refuse them first (see parsedRefs).
 */
export function describeCorrections(parsed: TreeArea[], corrected: TreeArea[]): ImportCorrection[] {
  const before = locate(parsed);
  const byRef = new Map<number, Located>();
  before.forEach((located, i) => byRef.set(located.finding.ref ?? i, located));
  const after = locate(corrected);
  /** For each parsed ref, the corrected findings made from it. */
  const madeFrom = new Map<number, Located[]>();
  for (const located of after) {
    for (const ref of new Set(located.finding.fromParsed ?? [])) {
      if (!byRef.has(ref)) continue;
      const list = madeFrom.get(ref) ?? [];
      list.push(located);
      madeFrom.set(ref, list);
    }
  }

  const out: ImportCorrection[] = [];
  const reportedMerges = new Set<Located>();
  for (const [ref, original] of byRef) {
    const targets = madeFrom.get(ref) ?? [];
    if (targets.length === 0) {
      out.push({ kind: 'dropped', ref, title: original.finding.title });
      continue;
    }
    if (targets.length > 1) {
      out.push({
        kind: 'split',
        ref,
        from: textOf(original.finding),
        into: targets.map((t) => textOf(t.finding)),
      });
      continue;
    }
    const target = targets[0];
    const sources = [...new Set(target.finding.fromParsed ?? [])].filter((r) => byRef.has(r));
    if (sources.length > 1) {
      if (!reportedMerges.has(target)) {
        reportedMerges.add(target);
        out.push({
          kind: 'merged',
          refs: sources,
          from: sources.map((r) => textOf((byRef.get(r) as Located).finding)),
          into: textOf(target.finding),
        });
      }
      continue;
    }
    const was = original.finding;
    const now = target.finding;
    if (was.title !== now.title)
      out.push({ kind: 'retitled', ref, from: was.title, to: now.title });
    if (!sameList(was.measures ?? [], now.measures ?? [])) {
      out.push({
        kind: 'measures',
        ref,
        title: now.title,
        from: was.measures ?? [],
        to: now.measures ?? [],
      });
    }
    if (!samePlace(original.place, target.place)) {
      out.push({ kind: 'moved', ref, title: now.title, from: original.place, to: target.place });
    }
    const lt = { from: longTermOf(was), to: longTermOf(now) };
    if (!sameLongTerm(lt.from, lt.to)) out.push({ kind: 'longTerm', ref, title: now.title, ...lt });
  }
  for (const located of after) {
    const sources = (located.finding.fromParsed ?? []).filter((r) => byRef.has(r));
    if (sources.length > 0) continue;
    out.push({ kind: 'added', title: located.finding.title, place: located.place });
    const state = longTermOf(located.finding);
    if (state.longTerm) {
      out.push({
        kind: 'longTerm',
        ref: null,
        title: located.finding.title,
        from: { longTerm: false, entry: null },
        to: state,
      });
    }
  }
  return [...out, ...themeChanges(parsed, corrected)];
}
