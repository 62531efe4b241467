import { approvalFormDocx, type ApprovalFormInput } from './approval-form-docx';
import { batchSummaryTitle, buildBatchSummary, type BatchSummaryInput } from './batch-summary';
import { importTemplateBuffer, type TemplateOptions } from './import-sheet';
import { ledgerXlsxBuffer } from './ledger-workbook';
import { meetingPackDocx, type MeetingPackInput } from './meeting-pack';
import { buildProgressReport, renderProgressReportMarkdown, reportTitle } from './progress-report';
import { progressReportDocxBuffer } from './progress-report-docx';
import { buildScorecardWorkbook } from './scorecard-workbook';
import { buildSupervisionRecordsWorkbook, buildSupervisionWorkbook } from './supervision-workbook';
import type { LedgerInput, ProgressReportInput } from './types';

/**
 * One file to build, as plain data (structured-cloneable: it crosses to a worker thread). The
 * API reads the database and hands one of these over; `buildExport` turns it into the file's
 * bytes, the CPU-bound part (shaping, exceljs / docx serialisation, zipping).
 */
export type ExportJob =
  | { kind: 'ledger'; input: LedgerInput }
  | { kind: 'progressReport'; input: { format: 'docx' | 'md'; report: ProgressReportInput } }
  | { kind: 'approvalForm'; input: ApprovalFormInput }
  | { kind: 'meetingPack'; input: MeetingPackInput }
  | { kind: 'batchSummary'; input: BatchSummaryInput }
  | { kind: 'scorecard'; input: Parameters<typeof buildScorecardWorkbook>[0] }
  | { kind: 'supervision'; input: Parameters<typeof buildSupervisionWorkbook>[0] }
  | { kind: 'supervisionRecords'; input: Parameters<typeof buildSupervisionRecordsWorkbook>[0] }
  | { kind: 'importTemplate'; input: TemplateOptions };

/** What a job of `kind` builds from. */
export type ExportInput<K extends ExportJob['kind']> = Extract<ExportJob, { kind: K }>['input'];

/** The bytes of the file `job` describes. */
export async function buildExport(job: ExportJob): Promise<Buffer> {
  switch (job.kind) {
    case 'ledger':
      return ledgerXlsxBuffer(job.input);
    case 'progressReport': {
      const { format, report } = job.input;
      const blocks = buildProgressReport(report);
      return format === 'docx'
        ? progressReportDocxBuffer(blocks, { title: reportTitle(report) })
        : Buffer.from(renderProgressReportMarkdown(blocks), 'utf8');
    }
    case 'approvalForm':
      return approvalFormDocx(job.input);
    case 'meetingPack':
      return meetingPackDocx(job.input);
    case 'batchSummary':
      return progressReportDocxBuffer(buildBatchSummary(job.input), {
        title: batchSummaryTitle(job.input.batchTitle),
      });
    case 'scorecard':
      return buildScorecardWorkbook(job.input);
    case 'supervision':
      return buildSupervisionWorkbook(job.input);
    case 'supervisionRecords':
      return buildSupervisionRecordsWorkbook(job.input);
    case 'importTemplate':
      return importTemplateBuffer(job.input);
  }
}
