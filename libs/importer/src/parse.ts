// Entry point: text → outline (state machine over classified lines) → areas/themes/findings →
// long-term marks → publication block. Pure: no I/O, no globals, never throws.

import { applyLongTermSections } from './long-term';
import { buildOutline } from './outline';
import { parsePublication } from './publication';
import { normalizeText } from './text';
import { mapOutline } from './tree';
import { WarningLog } from './warnings';
import { ParseCounts, ParseOptions, ParseResult, ParsedArea } from './types';

export function countTree(areas: ParsedArea[]): ParseCounts {
  const counts: ParseCounts = {
    areas: areas.length,
    themes: 0,
    findings: 0,
    measures: 0,
    longTermItems: 0,
  };
  for (const area of areas) {
    counts.themes += area.themes.length;
    for (const theme of area.themes) {
      counts.findings += theme.findings.length;
      for (const finding of theme.findings) {
        counts.measures += finding.measures.length;
        if (finding.longTerm) counts.longTermItems++;
      }
    }
  }
  return counts;
}

function validYear(year: unknown): number | undefined {
  return typeof year === 'number' && Number.isInteger(year) && year >= 1000 && year <= 9999
    ? year
    : undefined;
}

function parse(text: string, opts: ParseOptions | undefined): ParseResult {
  const warnings = new WarningLog();
  const outline = buildOutline(normalizeText(text), warnings);
  const { areas, refs, longTermSections } = mapOutline(outline.roots, warnings);
  applyLongTermSections(longTermSections, areas, refs, warnings);
  const publication = parsePublication(
    outline.publicationLines,
    validYear(opts?.defaultYear),
    warnings,
  );
  const counts = countTree(areas);
  if (counts.findings === 0) {
    warnings.push(
      text.trim().length === 0
        ? '输入为空，未导入任何问题'
        : '未识别到任何反馈问题：文本不像巡察整改进展通报或反馈问题清单',
    );
  }
  return { areas, publication, warnings: warnings.list(), counts };
}

/**
 * Parses a published rectification progress report (整改进展情况的通报) or a feedback problem
 * list (反馈问题清单) into areas → themes → findings → measures, plus the public-comment block.
 * Anything it cannot place is reported in `warnings`; it never throws.
 */
export function parseRectificationText(text: string, opts?: ParseOptions): ParseResult {
  // Callers pass uploaded content; a wrong type must give a warning, not a crash.
  const input: unknown = text;
  try {
    return parse(typeof input === 'string' ? input : '', opts);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      areas: [],
      publication: null,
      warnings: [`解析失败（内部错误）：${reason}`],
      counts: { areas: 0, themes: 0, findings: 0, measures: 0, longTermItems: 0 },
    };
  }
}
