// Maps the outline of the findings part onto areas, themes and findings. A heading's meaning
// follows from its rank and its content:
// - "（一）" under a findings section is an area (a rank-0 "一、聚焦…方面" is one too);
// - a heading below an area with headings of its own is a theme;
// - "（1）", and any heading that carries measures or ends a branch, is a finding.
// Findings that sit directly under an area get an implicit theme titled like the area, so that a
// re-rendered report ("1.<area title>") reads back into the same tree.

import { WarningSink } from './warnings';
import { OutlineNode } from './outline';
import { ParsedArea, ParsedFinding, ParsedTheme } from './types';
import { cleanItemText, MEASURE_LEAD_RE } from './text';

export const UNPLACED_AREA_TITLE = '未归类';

export interface FindingRef {
  finding: ParsedFinding;
  area: ParsedArea;
  theme: ParsedTheme;
}

export interface MappedTree {
  areas: ParsedArea[];
  refs: FindingRef[];
  longTermSections: OutlineNode[];
}

/** Area titles of the "（一）关于“…”问题的整改" kind: their numbered children are findings. */
export function isAboutStyle(title: string): boolean {
  if (title.startsWith('关于')) return true;
  return title.includes('问题') && !title.startsWith('聚焦') && !title.endsWith('方面');
}

/** "关于“选人用人不够规范”问题的整改" → "选人用人不够规范": the problem itself, as a finding title. */
export function quotedProblem(title: string): string | null {
  const m = /^关于[“"「『‘]([^”"」』’]+)[”"」』’]/.exec(title);
  return m ? m[1] : null;
}

/** A finding's text: cleaned measures, else its paragraph, else its title. */
export function findingFromNode(
  node: OutlineNode,
  longTerm: boolean,
  title: string = node.title,
): ParsedFinding {
  const measures = node.measures.map(cleanItemText).filter((m) => m.length > 0);
  if (measures.length === 0) {
    const prose = cleanItemText(node.prose.replace(MEASURE_LEAD_RE, ''));
    if (prose.length > 0) measures.push(prose);
    else if (title.length > 0) measures.push(title);
  }
  return { title, measures, longTerm, line: node.line };
}

class TreeMapper {
  readonly areas: ParsedArea[] = [];
  readonly refs: FindingRef[] = [];
  readonly longTermSections: OutlineNode[] = [];
  private readonly implicitThemes = new Set<ParsedTheme>();

  constructor(private readonly warnings: WarningSink) {}

  map(roots: OutlineNode[]): void {
    let implicitGroup: OutlineNode[] = [];
    const flushImplicit = (): void => {
      if (implicitGroup.length > 0) this.container(implicitGroup, null);
      implicitGroup = [];
    };
    for (const root of roots) {
      if (root.rank !== 0) {
        // A bare problem list (反馈问题清单) has no "一、" sections at all.
        implicitGroup.push(root);
        continue;
      }
      flushImplicit();
      switch (root.role) {
        case 'area':
          this.area(root, root.title);
          break;
        case 'findings':
          this.container(root.children, root);
          break;
        case 'unknown': {
          const before = this.refs.length;
          this.container(root.children, root);
          if (this.refs.length > before) {
            this.warnings.push(
              `第 ${root.line} 行：未识别的一级标题“${root.title}”，其下内容按反馈问题导入`,
            );
          }
          break;
        }
        case 'longTerm':
          this.longTermSections.push(root);
          break;
        default:
          // The committee's own report and the next steps: their "（一）" and "一是" are not findings.
          break;
      }
    }
    flushImplicit();
  }

  /** The children of a findings section: areas, or headings that came before any area. */
  private container(children: OutlineNode[], section: OutlineNode | null): void {
    if (section && section.measures.length > 0) {
      this.warnings.push(
        `第 ${section.line} 行：“${section.title}”下的“一是…”列表不属于任何问题，未导入`,
      );
    }
    let orphans: OutlineNode[] = [];
    const flushOrphans = (): void => {
      if (orphans.length === 0) return;
      const first = orphans[0];
      this.warnings.push(
        `第 ${first.line} 行：“${first.marker}${first.title}”出现在任何“（一）…方面”标题之前，已归入“${UNPLACED_AREA_TITLE}”`,
      );
      const synthetic: OutlineNode = {
        ...first,
        rank: 1,
        title: UNPLACED_AREA_TITLE,
        prose: '',
        measures: [],
        hasMeasures: false,
        children: orphans,
        role: null,
      };
      this.area(synthetic, UNPLACED_AREA_TITLE);
      orphans = [];
    };
    for (const child of children) {
      if (child.rank === 1) {
        flushOrphans();
        this.area(child, child.title);
      } else {
        orphans.push(child);
      }
    }
    flushOrphans();
  }

  private area(node: OutlineNode, title: string): void {
    const area: ParsedArea = { title, themes: [] };
    this.areas.push(area);
    const hasRealThemes = node.children.some((c) => c.rank < 3 && c.children.length > 0);
    const aboutStyle = isAboutStyle(title);

    // "（一）关于“…”问题的整改\n整改落实情况：一是…": the area heading is itself the finding.
    if (node.hasMeasures || (node.children.length === 0 && aboutStyle)) {
      this.addFinding(area, this.implicitTheme(area), node, quotedProblem(title) ?? title);
    }

    for (const child of node.children) {
      if (child.rank === 3) {
        this.addFinding(area, this.implicitTheme(area), child);
      } else if (child.children.length > 0) {
        const theme = this.newTheme(area, child.title);
        if (child.hasMeasures) {
          this.warnings.push(
            `第 ${child.line} 行：类别“${child.title}”本身带有整改措施，已作为该类别下的同名问题导入`,
          );
          this.addFinding(area, theme, child);
        }
        this.collect(area, theme, child);
        if (theme.findings.length === 0) this.warnEmptyTheme(child);
      } else if (child.hasMeasures || (!hasRealThemes && aboutStyle)) {
        if (hasRealThemes) {
          // Keep the author's grouping: a theme written with measures becomes theme + finding.
          this.warnings.push(
            `第 ${child.line} 行：类别“${child.title}”下没有编号问题而直接列出整改措施，已作为同名问题导入`,
          );
          this.addFinding(area, this.newTheme(area, child.title), child);
        } else {
          this.addFinding(area, this.implicitTheme(area), child);
        }
      } else {
        this.newTheme(area, child.title);
        this.warnEmptyTheme(child);
      }
    }

    if (area.themes.length === 0) {
      this.warnings.push(`第 ${node.line} 行：“${title}”下没有任何问题`);
    }
  }

  /** Deeper nesting than area/theme/finding: leaves become findings of the theme. */
  private collect(area: ParsedArea, theme: ParsedTheme, node: OutlineNode): void {
    for (const child of node.children) {
      if (child.children.length === 0) {
        this.addFinding(area, theme, child);
        continue;
      }
      if (child.hasMeasures) this.addFinding(area, theme, child);
      else {
        this.warnings.push(
          `第 ${child.line} 行：层级过深，“${child.marker}${child.title}”仅作为分组，其下问题归入“${theme.title}”`,
        );
      }
      this.collect(area, theme, child);
    }
  }

  private warnEmptyTheme(node: OutlineNode): void {
    const ignored = node.prose.trim().length > 0 ? '（其下文字未导入）' : '';
    this.warnings.push(`第 ${node.line} 行：类别“${node.title}”下没有问题${ignored}`);
  }

  private newTheme(area: ParsedArea, title: string): ParsedTheme {
    const theme: ParsedTheme = { title, findings: [] };
    area.themes.push(theme);
    return theme;
  }

  private implicitTheme(area: ParsedArea): ParsedTheme {
    const last = area.themes[area.themes.length - 1];
    if (last && this.implicitThemes.has(last)) return last;
    const theme = this.newTheme(area, area.title);
    this.implicitThemes.add(theme);
    return theme;
  }

  private addFinding(
    area: ParsedArea,
    theme: ParsedTheme,
    node: OutlineNode,
    title: string = node.title,
  ): void {
    const finding = findingFromNode(node, false, title);
    if (finding.title.length === 0) {
      this.warnings.push(`第 ${node.line} 行：问题“${node.marker}”没有标题`);
    }
    theme.findings.push(finding);
    this.refs.push({ finding, area, theme });
  }
}

export function mapOutline(roots: OutlineNode[], warnings: WarningSink): MappedTree {
  const mapper = new TreeMapper(warnings);
  mapper.map(roots);
  return { areas: mapper.areas, refs: mapper.refs, longTermSections: mapper.longTermSections };
}
