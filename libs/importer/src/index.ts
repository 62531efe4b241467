export type {
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
