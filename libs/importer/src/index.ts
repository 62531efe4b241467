export type {
  LongTermEntry,
  LongTermMatch,
  ParseCounts,
  ParseOptions,
  ParseResult,
  ParsedArea,
  ParsedFinding,
  ParsedTheme,
  Publication,
} from './types';
export { countTree, parseRectificationText } from './parse';
export { UNPLACED_AREA_TITLE } from './tree';
export { citesSameFinding } from './long-term';
export type {
  EntryText,
  FindingText,
  ImportCorrection,
  LongTermState,
  Place,
  TreeArea,
  TreeFinding,
} from './corrections';
export { describeCorrections, parsedRefs } from './corrections';
