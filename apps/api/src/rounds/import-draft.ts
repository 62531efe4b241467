// The tree an import is about to create, between reading the source and creating findings:
// the parser's (or the sheet's, or the client's) areas → themes → findings, each finding with
// the long-term section's entry when it has one, and the preview a dry run answers.

import type { ParsedArea } from '@rectiflow/importer';
import type { LongTermEntryMatch, PublicationBlock } from '@rectiflow/persistence';
import type { ImportFindingSpec } from '@rectiflow/reports';
import type {
  ImportCorrectionView,
  ImportedDocument,
  ImportPreviewArea,
} from '@rectiflow/contracts';

/** A finding as an import creates it, with the long-term section's entry when it has one. */
export type DraftFinding = ImportFindingSpec & {
  longTermEntry?: { title: string; progress: string; matchedBy: LongTermEntryMatch };
  /** 1-based line of the finding in the document's text. */
  line?: number;
};

export interface DraftArea {
  title: string;
  themes: { title: string; findings: DraftFinding[] }[];
}

export interface Draft {
  areas: DraftArea[];
  publication: PublicationBlock | null;
  warnings: string[];
  document: ImportedDocument | null;
  corrections: ImportCorrectionView[] | null;
}

/** The parser's tree as an import creates it, each long-term entry with how it was matched. */
export function draftFromParse(areas: ParsedArea[]): DraftArea[] {
  return areas.map((a) => ({
    title: a.title,
    themes: a.themes.map((t) => ({
      title: t.title,
      findings: t.findings.map((f) => ({
        title: f.title,
        measures: f.measures,
        longTerm: f.longTerm,
        ...(f.longTermEntry
          ? {
              longTermEntry: {
                title: f.longTermEntry.title,
                progress: f.longTermEntry.progress,
                matchedBy: f.longTermEntry.match,
              },
            }
          : {}),
        line: f.line,
      })),
    })),
  }));
}

/** The preview of a draft: each finding numbered (`ref`) so corrections can name it. */
export function previewOf(areas: DraftArea[]): ImportPreviewArea[] {
  let ref = 0;
  return areas.map((a) => ({
    title: a.title,
    themes: a.themes.map((t) => ({
      title: t.title,
      findings: t.findings.map((f) => {
        const { longTermEntry, ...rest } = f;
        return {
          ...rest,
          ref: ref++,
          measures: f.measures ?? [],
          longTerm: (f.longTerm ?? false) || longTermEntry !== undefined,
          ...(longTermEntry
            ? {
                longTermEntry: {
                  title: longTermEntry.title,
                  progress: longTermEntry.progress,
                  match: longTermEntry.matchedBy,
                },
              }
            : {}),
        };
      }),
    })),
  }));
}

export function countTree(areas: DraftArea[]) {
  const counts = {
    areas: areas.length,
    themes: 0,
    findings: 0,
    measures: 0,
    longTermItems: 0,
  };
  for (const a of areas) {
    counts.themes += a.themes.length;
    for (const t of a.themes) {
      counts.findings += t.findings.length;
      for (const f of t.findings) {
        counts.measures += (f.measures ?? []).length;
        if (f.longTerm || f.longTermEntry) counts.longTermItems++;
      }
    }
  }
  return counts;
}
