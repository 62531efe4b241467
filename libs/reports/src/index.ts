export type {
  DepartmentFigures,
  FigureFinding,
  ImportFindingSpec,
  ImportTree,
  LedgerFinding,
  LedgerInput,
  ProgressReportInput,
  PublicationInfo,
  ReportArea,
  ReportBlock,
  ReportFinding,
  ReportTheme,
  RoundInfo,
  StageReportInfo,
} from './types';
export { chineseDate, chineseNumber } from './chinese-text';
export { publicCommentsSentence } from './public-comments-sentence';
export { closedOnTime, departmentFigures, type DepartmentRef } from './department-figures';
export {
  buildProgressReport,
  figuresOf,
  type Figures,
  type FigureSource,
  completionLine,
  measureText,
  renderProgressReportMarkdown,
  renderProgressReportText,
  reportTitle,
  withheldSentence,
} from './progress-report';
export {
  REPORT_FONTS,
  buildProgressReportDocx,
  progressReportDocxBuffer,
} from './progress-report-docx';
export {
  LEDGER_COLUMNS,
  LEDGER_SHEET,
  ROUND_SUMMARY_ROWS,
  ROUND_SUMMARY_SHEET,
  completionLabel,
  daysLate,
  SUMMARY_COLUMNS,
  SUMMARY_SHEET,
  buildLedgerWorkbook,
  wrappedLines,
  ledgerXlsxBuffer,
  numberedMeasures,
} from './ledger-workbook';
export {
  IMPORT_FIELDS,
  IMPORT_SHEET,
  ImportSheetError,
  MAX_IMPORT_ROWS,
  REFERENCE_SHEET,
  buildImportTemplate,
  importTemplateBuffer,
  matchDepartment,
  matchLeader,
  parseDueDate,
  readImportSheet,
  splitDepartments,
  type FieldKey,
  type SheetAssignment,
  type SheetImport,
  type SheetOrganisation,
  type SheetProblem,
  type TemplateOptions,
} from './import-sheet';
export {
  batchSummarySentence,
  batchSummaryTitle,
  buildBatchSummary,
  percent,
  type BatchSummaryFigures,
  type BatchSummaryInput,
} from './batch-summary';
export {
  buildSupervisionRecordsWorkbook,
  buildSupervisionWorkbook,
  SUPERVISION_REASON_LABELS_ZH,
  SUPERVISION_RECORDS_SHEET,
  SUPERVISION_SHEET,
  type SupervisionRecordRow,
  type SupervisionRow,
} from './supervision-workbook';
export { approvalFormDocx, type ApprovalFormInput } from './approval-form-docx';
export {
  buildScorecardWorkbook,
  SCORECARD_FORMULA_SHEET,
  SCORECARD_SHEET,
  SCORECARD_WEIGHT_NAMES_ZH,
  type ScorecardRow,
} from './scorecard-workbook';
export {
  MEETING_PACK_HEADER,
  meetingPackBlocks,
  meetingPackDocx,
  type MeetingPackInput,
  type MeetingPackItem,
  type MeetingPackSection,
} from './meeting-pack';
export {
  amountsPhrase,
  noOutcomes,
  OUTCOME_FIGURES,
  outcomesSentence,
  peoplePhrase,
  regulationsPhrase,
  type OutcomeSums,
} from './outcome-sums';
export { buildExport, type ExportInput, type ExportJob } from './export-jobs';
