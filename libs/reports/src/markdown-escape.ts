// Text the report quotes (titles, measures, departments' reports, names) was written by users,
// not by the report: in the Markdown it must stay text. Backslash escapes (CommonMark) keep it
// readable as it was typed, and the importer removes them again (stripMarkdownLine), so a
// generated report still reads back exactly.

/** Characters that start inline markup anywhere: emphasis, code, links, images, raw HTML, entities, tables. */
const INLINE = /[\\`*_[\]<>#!|~&]/g;
/** What opens a block at the start of a line: a list item, a quote, a setext underline, a numbered item. */
const LIST_MARK = /^(\s*)([-+=])(?=\s|$)/;
const NUMBERED = /^(\s*\d{1,9})([.)])(?=\s|$)/;
const RULE = /^(\s*)([-=_*]{3,}\s*)$/;

/** One line of user text, escaped; `lineStart` when it begins a Markdown line. */
function escapeLine(line: string, lineStart: boolean): string {
  let out = line.replace(INLINE, (c) => `\\${c}`);
  if (lineStart) {
    out = out
      .replace(RULE, (_m, sp: string, rule: string) => `${sp}\\${rule}`)
      .replace(LIST_MARK, (_m, sp: string, mark: string) => `${sp}\\${mark}`)
      .replace(NUMBERED, (_m, num: string, mark: string) => `${num}\\${mark}`);
  }
  return out;
}

/**
 * `text` as Markdown that shows exactly these characters: no heading, list, quote, link,
 * image, emphasis, code or HTML can come out of it (`<script>` stays text, `[x](javascript:…)`
 * is no link, a measure starting with `#` is no heading). `inline` for text placed after a
 * marker of ours (a heading's `## `): its first line does not start a Markdown line.
 */
export function escapeMarkdown(text: string, { inline = false } = {}): string {
  return text
    .split('\n')
    .map((line, i) => escapeLine(line, !(inline && i === 0)))
    .join('\n');
}

/** Undoes escapeMarkdown's backslashes (an ASCII punctuation character after `\`). */
export function unescapeMarkdown(text: string): string {
  return text.includes('\\') ? text.replace(/\\([!-/:-@[-`{-~])/g, '$1') : text;
}
