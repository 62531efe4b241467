// The corrections the office makes to an import preview before confirming it, as pure
// operations on the previewed tree. Every finding remembers which parsed findings it was made
// from (`fromParsed`), so the API can tell a split from two new findings; the confirmed body is
// the JSON import shape (API.md) with the preview's `origin`.

import type { PreviewArea, PreviewFinding, PreviewLongTermEntry } from '../api/types';
import { formatDate } from '../components/format';

/**
 * A row's 交办 in the preview: leader, lead and co-departments, due day (`YYYY-MM-DD`, the end
 * of that day in the organisation's time zone). Complete (leader, department, due), it is sent
 * with the row and carried out through the finding's assign task; otherwise the finding waits.
 */
export interface RowAssignment {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  dueAt?: string;
}

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
  assignment: RowAssignment;
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
    assignment: rowAssignmentOf(f.assignment),
  };
}

/** The preview's assignment (ids, an ISO due time) as the row edits it (a due day). */
function rowAssignmentOf(a: PreviewFinding['assignment']): RowAssignment {
  if (!a) return {};
  return {
    ...(a.responsibleLeaderId ? { responsibleLeaderId: a.responsibleLeaderId } : {}),
    ...(a.leadDepartmentId ? { leadDepartmentId: a.leadDepartmentId } : {}),
    ...(a.coDepartmentIds?.length ? { coDepartmentIds: [...a.coDepartmentIds] } : {}),
    ...(a.dueAt ? { dueAt: dueDay(a.dueAt) } : {}),
  };
}

/** An ISO due time as its calendar day where the organisation is; a day as it is. */
export function dueDay(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDate(value);
}

/** The body's `assignment` for a complete row (co-departments without the lead), else none. */
export function assignmentBody(a: RowAssignment) {
  if (!a.responsibleLeaderId || !a.leadDepartmentId || !a.dueAt) return undefined;
  return {
    responsibleLeaderId: a.responsibleLeaderId,
    leadDepartmentId: a.leadDepartmentId,
    coDepartmentIds: (a.coDepartmentIds ?? []).filter((d) => d !== a.leadDepartmentId),
    dueAt: a.dueAt,
  };
}

/** How many rows will be assigned on confirming. */
export function assignedCount(tree: EditableArea[]): number {
  return allFindings(tree).filter((f) => assignmentBody(f.assignment)).length;
}

/**
 * 填入所选: the fields given (a blank one leaves each row's own) go into every row named by
 * `keys`, or into every row when `keys` is empty. The lead department never stays a
 * co-department of its own row.
 */
export function fillAssignments(
  tree: EditableArea[],
  keys: ReadonlySet<string>,
  patch: RowAssignment,
): EditableArea[] {
  const given = Object.fromEntries(
    Object.entries(patch).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  ) as RowAssignment;
  const next = copy(tree);
  for (const f of allFindings(next)) {
    if (keys.size > 0 && !keys.has(f.key)) continue;
    f.assignment = withoutLeadAsCo({ ...f.assignment, ...given });
  }
  return next;
}

/** One row's assignment changed (a field set to undefined is cleared). */
export function setAssignment(
  tree: EditableArea[],
  key: string,
  patch: RowAssignment,
): EditableArea[] {
  const next = copy(tree);
  const f = findingOf(next, key);
  if (!f) return tree;
  const merged: RowAssignment = { ...f.assignment, ...patch };
  for (const k of Object.keys(merged) as (keyof RowAssignment)[])
    if (merged[k] === undefined) delete merged[k];
  f.assignment = withoutLeadAsCo(merged);
  return next;
}

function withoutLeadAsCo(a: RowAssignment): RowAssignment {
  if (!a.coDepartmentIds || !a.leadDepartmentId) return a;
  const co = a.coDepartmentIds.filter((d) => d !== a.leadDepartmentId);
  const { coDepartmentIds: _dropped, ...rest } = a;
  return co.length > 0 ? { ...rest, coDepartmentIds: co } : rest;
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
    themes: a.themes.map((t) => ({
      ...t,
      findings: t.findings.map((f) => ({ ...f, assignment: { ...f.assignment } })),
    })),
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
    assignment: { ...finding.assignment },
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

/**
 * The JSON import body for the corrected tree (areas only; the caller adds the rest), each
 * row's assignment with it when complete (`withAssignments`; left out, the body is the
 * outline alone, for telling whether the office corrected it).
 */
export function treeBody(tree: EditableArea[], withAssignments = false) {
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
        ...(withAssignments && assignmentBody(f.assignment)
          ? { assignment: assignmentBody(f.assignment) }
          : {}),
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
