// The corrections the office makes to an import preview before confirming it, as pure
// operations on the previewed tree. Every finding remembers which parsed findings it was made
// from (`fromParsed`), so the API can tell a split from two new findings; the confirmed body is
// the JSON import shape (API.md) with the preview's `origin`.

import type { PreviewArea, PreviewFinding, PreviewLongTermEntry } from '../api/types';

export interface EditableFinding {
  /** Stable across edits, for React and the tests (a split part gets a new one). */
  key: string;
  title: string;
  measures: string[];
  longTerm: boolean;
  longTermEntry?: PreviewLongTermEntry;
  fromParsed: number[];
  /** Made by the parser from a long-term entry no listed finding matched. */
  ownEntry: boolean;
  leadDepartmentCode?: string;
  responsibleLeaderUsername?: string;
  dueAt?: string;
}

export interface EditableTheme {
  title: string;
  findings: EditableFinding[];
}

export interface EditableArea {
  title: string;
  themes: EditableTheme[];
}

export interface FindingPlace {
  area: number;
  theme: number;
  index: number;
}

function editable(f: PreviewFinding): EditableFinding {
  return {
    key: `f${f.ref}`,
    title: f.title,
    measures: [...(f.measures ?? [])],
    longTerm: f.longTerm ?? false,
    ...(f.longTermEntry ? { longTermEntry: f.longTermEntry } : {}),
    fromParsed: [f.ref],
    ownEntry: f.longTermEntry?.match === 'own',
    ...(f.leadDepartmentCode ? { leadDepartmentCode: f.leadDepartmentCode } : {}),
    ...(f.responsibleLeaderUsername
      ? { responsibleLeaderUsername: f.responsibleLeaderUsername }
      : {}),
    ...(f.dueAt ? { dueAt: f.dueAt } : {}),
  };
}

export function editableTree(areas: PreviewArea[]): EditableArea[] {
  return areas.map((a) => ({
    title: a.title,
    themes: a.themes.map((t) => ({ title: t.title, findings: t.findings.map(editable) })),
  }));
}

/** A deep copy to change: React state is never mutated. */
function copy(tree: EditableArea[]): EditableArea[] {
  return tree.map((a) => ({
    ...a,
    themes: a.themes.map((t) => ({ ...t, findings: t.findings.map((f) => ({ ...f })) })),
  }));
}

export function placeOf(tree: EditableArea[], key: string): FindingPlace | null {
  for (let area = 0; area < tree.length; area++) {
    for (let theme = 0; theme < tree[area].themes.length; theme++) {
      const index = tree[area].themes[theme].findings.findIndex((f) => f.key === key);
      if (index >= 0) return { area, theme, index };
    }
  }
  return null;
}

export function findingOf(tree: EditableArea[], key: string): EditableFinding | null {
  const at = placeOf(tree, key);
  return at ? tree[at.area].themes[at.theme].findings[at.index] : null;
}

/** Every finding in document order, e.g. for choosing where a long-term entry belongs. */
export function allFindings(tree: EditableArea[]): EditableFinding[] {
  return tree.flatMap((a) => a.themes.flatMap((t) => t.findings));
}

/** A title or measures changed, possibly moved to another theme (appended there). */
export function editFinding(
  tree: EditableArea[],
  key: string,
  patch: { title: string; measures: string[]; area: number; theme: number },
): EditableArea[] {
  const next = copy(tree);
  const at = placeOf(next, key);
  if (!at) return tree;
  const list = next[at.area].themes[at.theme].findings;
  const finding = { ...list[at.index], title: patch.title, measures: patch.measures };
  if (at.area === patch.area && at.theme === patch.theme) {
    list[at.index] = finding;
    return next;
  }
  list.splice(at.index, 1);
  next[patch.area].themes[patch.theme].findings.push(finding);
  return withoutEmptied(next, at);
}

/** One finding that should be two: measures from `at` on go to a new finding after it. */
export function splitFinding(
  tree: EditableArea[],
  key: string,
  at: number,
  titles: [string, string],
  newKey: string,
): EditableArea[] {
  const next = copy(tree);
  const place = placeOf(next, key);
  if (!place) return tree;
  const list = next[place.area].themes[place.theme].findings;
  const finding = list[place.index];
  const first = { ...finding, title: titles[0], measures: finding.measures.slice(0, at) };
  const second: EditableFinding = {
    key: newKey,
    title: titles[1],
    measures: finding.measures.slice(at),
    longTerm: false,
    fromParsed: [...finding.fromParsed],
    ownEntry: false,
  };
  list.splice(place.index, 1, first, second);
  return next;
}

/** Two findings that should be one: the next one in its theme joins this one. */
export function mergeWithNext(tree: EditableArea[], key: string): EditableArea[] {
  const next = copy(tree);
  const place = placeOf(next, key);
  if (!place) return tree;
  const list = next[place.area].themes[place.theme].findings;
  const [first, second] = [list[place.index], list[place.index + 1]];
  if (!second) return tree;
  list.splice(place.index, 2, {
    ...first,
    measures: [...first.measures, ...second.measures],
    longTerm: first.longTerm || second.longTerm,
    longTermEntry: first.longTermEntry ?? second.longTermEntry,
    fromParsed: [...new Set([...first.fromParsed, ...second.fromParsed])],
  });
  return next;
}

/** A line the parser took for a finding that is none. */
export function dropFinding(tree: EditableArea[], key: string): EditableArea[] {
  const next = copy(tree);
  const place = placeOf(next, key);
  if (!place) return tree;
  next[place.area].themes[place.theme].findings.splice(place.index, 1);
  return withoutEmptied(next, place);
}

/**
 * The theme a correction took the last finding from goes, and its area if that was its last
 * theme; themes the document itself left empty stay as they were.
 */
function withoutEmptied(tree: EditableArea[], at: FindingPlace): EditableArea[] {
  const area = tree[at.area];
  if (area.themes[at.theme].findings.length > 0) return tree;
  area.themes.splice(at.theme, 1);
  if (area.themes.length === 0) tree.splice(at.area, 1);
  return tree;
}

/**
 * The long-term entry of `fromKey` belongs to `toKey` instead. A finding the parser made only
 * from that entry (no listed finding matched it) has nothing else to it and goes.
 */
export function moveLongTermEntry(
  tree: EditableArea[],
  fromKey: string,
  toKey: string,
): EditableArea[] {
  if (fromKey === toKey) return tree;
  let next = copy(tree);
  const from = findingOf(next, fromKey);
  const to = findingOf(next, toKey);
  if (!from?.longTermEntry || !to) return tree;
  to.longTerm = true;
  to.longTermEntry = { ...from.longTermEntry, match: 'office' };
  if (from.ownEntry) {
    next = dropFinding(next, fromKey);
  } else {
    from.longTerm = false;
    delete from.longTermEntry;
  }
  return next;
}

/** The JSON import body for the corrected tree (areas only; the caller adds the rest). */
export function treeBody(tree: EditableArea[]) {
  return tree.map((a) => ({
    title: a.title,
    themes: a.themes.map((t) => ({
      title: t.title,
      findings: t.findings.map((f) => ({
        title: f.title.trim(),
        measures: f.measures.map((m) => m.trim()).filter((m) => m.length > 0),
        longTerm: f.longTerm,
        ...(f.longTermEntry
          ? { longTermEntry: { title: f.longTermEntry.title, progress: f.longTermEntry.progress } }
          : {}),
        ...(f.leadDepartmentCode ? { leadDepartmentCode: f.leadDepartmentCode } : {}),
        ...(f.responsibleLeaderUsername
          ? { responsibleLeaderUsername: f.responsibleLeaderUsername }
          : {}),
        ...(f.dueAt ? { dueAt: f.dueAt } : {}),
        fromParsed: f.fromParsed,
      })),
    })),
  }));
}

export function countOf(tree: EditableArea[]) {
  const findings = allFindings(tree);
  return {
    areas: tree.length,
    themes: tree.reduce((n, a) => n + a.themes.length, 0),
    findings: findings.length,
    measures: findings.reduce((n, f) => n + f.measures.length, 0),
    longTermItems: findings.filter((f) => f.longTerm).length,
  };
}
