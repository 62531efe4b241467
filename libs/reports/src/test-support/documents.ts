// Test helpers only: the importer's test documents and the shared sample, and the conversion of a
// parse result into report input (what an import followed by a report does, without the database).

import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import type { ParseResult, ParsedArea } from '@rectiflow/importer';
import type { ProgressReportInput, ReportArea } from '../types';

export const DOCUMENTS_DIR = path.resolve(__dirname, '../../../importer/test-documents');
export const SAMPLE_PATH = path.resolve(
  __dirname,
  '../../../../../shared/samples/feedback-sample.txt',
);

/** Every importer test document and the shared sample, as [name, text]. */
export function allDocuments(): [string, string][] {
  // The variants, then the full-size reports (a folder of their own).
  const names = [
    ...readdirSync(DOCUMENTS_DIR)
      .filter((n) => n.endsWith('.txt'))
      .sort(),
    ...readdirSync(path.join(DOCUMENTS_DIR, 'full-size'))
      .filter((n) => n.endsWith('.txt'))
      .sort()
      .map((n) => `full-size/${n}`),
  ];
  return [
    ['feedback-sample.txt', readFileSync(SAMPLE_PATH, 'utf8')],
    ...names.map((n): [string, string] => [n, readFileSync(path.join(DOCUMENTS_DIR, n), 'utf8')]),
  ];
}

export function reportInputFrom(
  parsed: ParseResult,
  asOf = '2025-09-01T02:00:00.000Z',
): ProgressReportInput {
  let code = 0;
  const areas: ReportArea[] = parsed.areas.map((a) => ({
    title: a.title,
    themes: a.themes.map((t) => ({
      title: t.title,
      findings: t.findings.map((f) => ({
        code: String(++code).padStart(3, '0'),
        title: f.title,
        measures: f.measures,
        stage: 'assign' as const,
        longTerm: f.longTerm,
        overdue: false,
        sentBackCount: 0,
        escalated: false,
        accountabilityCount: 0,
        latestStageReport: null,
        longTermEntry: f.longTermEntry
          ? { title: f.longTermEntry.title, progress: f.longTermEntry.progress }
          : null,
      })),
    })),
  }));
  return {
    round: {
      title: '县委第二轮巡察',
      source: 'inspection',
      inspectingBody: '县委第二巡察组',
      feedbackDate: '2025-05-20',
      dueAt: '2025-08-31T15:59:59.999Z',
    },
    areas,
    publication: parsed.publication,
    asOf,
  };
}

/**
 * The tree an import stores: titles, measures, the long-term flag and the long-term entry's own
 * heading and progress text (not lines, nor how the entry was matched).
 */
export function storedTree(areas: ParsedArea[]): unknown {
  return areas.map((a) => ({
    title: a.title,
    themes: a.themes.map((t) => ({
      title: t.title,
      findings: t.findings.map((f) => ({
        title: f.title,
        measures: f.measures,
        longTerm: f.longTerm,
        longTermEntry: f.longTermEntry
          ? { title: f.longTermEntry.title, progress: f.longTermEntry.progress }
          : null,
      })),
    })),
  }));
}
