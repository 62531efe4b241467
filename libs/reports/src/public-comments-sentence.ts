/**
 * The report's sentence on the public's comments (意见建议), told only once some came in: kept
 * apart from the report's opening figures, which are another part's.
 */
export function publicCommentsSentence(
  counts: { received: number; handled: number } | null | undefined,
): string | null {
  if (!counts || counts.received === 0) return null;
  return `公开期间共收到意见建议${counts.received}条，已办理${counts.handled}条。`;
}
