import { BadRequestException, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, In } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type {
  ImportAnswer,
  ImportCorrectionView,
  ImportedDocument,
  ImportPreviewFinding,
} from '@rectiflow/contracts';
import {
  describeCorrections,
  parseRectificationText,
  parsedRefs,
  type ParseOptions,
  type ParseResult,
} from '@rectiflow/importer';
import {
  DocumentReadError,
  DocumentReader,
  type DocumentKind,
} from '@rectiflow/importer/documents';
import {
  DepartmentEntity,
  LongTermEntryEntity,
  TaskEntity,
  UserEntity,
  type PublicationBlock,
  type RoundEntity,
} from '@rectiflow/persistence';
import {
  ImportSheetError,
  readImportSheet,
  type SheetOrganisation,
  type SheetProblem,
} from '@rectiflow/reports';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { fieldErrorBody } from '../http/field-errors';
import { validationException } from '../http/validation-messages';
import { BatchAssignService } from '../tasks/batch-assign.service';
import { ImportTreeDto, MAX_IMPORT_FINDINGS } from './dto/import-tree.dto';
import { FindingCreationService, type ImportPlan } from './finding-creation.service';
import { ImportOriginSeal, type ParsedDocument } from './import-origin';
import { countTree, draftFromParse, previewOf, type Draft, type DraftArea } from './import-draft';
import { sha256Of } from '../evidence/evidence-store';
import { RoundsService } from './rounds.service';

export type ImportSource =
  | { kind: 'text'; text: string }
  | { kind: 'json'; body: unknown }
  | { kind: 'xlsx' | DocumentKind; file: Buffer; filename: string | null };

export type { ImportedDocument };

/** .xlsx keeps its old ceiling; Word and PDF reports with a seal picture run larger. */
export const XLSX_MAX_BYTES = 5 * 1024 * 1024;

/** Dates written without a year ("4月27日至5月11日") belong to the year of the feedback. */
function parseOptions(round: RoundEntity): ParseOptions {
  const year = Number((round.feedbackDate ?? round.createdAt).slice(0, 4));
  return { defaultYear: Number.isInteger(year) ? year : undefined };
}

function fromParse(parsed: ParseResult, document: ImportedDocument): Draft {
  return {
    areas: draftFromParse(parsed.areas),
    publication: parsed.publication,
    warnings: parsed.warnings,
    document,
    corrections: null,
  };
}

function fileError(code: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: [`file: ${message}`],
    errors: [{ field: 'file', code, message }],
  });
}

/**
 * Reads an import (genre text, a Word or PDF report, structured JSON — possibly a corrected
 * preview — or the XLSX template), checks every name in it against the organisation, and hands
 * the whole tree to FindingCreationService in one call. Nothing is written before everything has
 * been read and checked.
 */
@Injectable()
export class ImportService {
  private readonly seal: ImportOriginSeal;
  /** Word and PDF files are read in worker threads, off the event loop. */
  private readonly documents = new DocumentReader();

  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    private readonly creation: FindingCreationService,
    private readonly batchAssign: BatchAssignService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.seal = new ImportOriginSeal(config.jwtSecret);
  }

  async import(
    roundId: string,
    source: ImportSource,
    dryRun: boolean,
    actor: AuthUser,
  ): Promise<ImportAnswer> {
    const round = await this.rounds.mustManage(roundId, actor);
    const draft = await this.read(source, round);
    const counts = countTree(draft.areas);
    if (counts.findings > MAX_IMPORT_FINDINGS) {
      throw new BadRequestException([
        `areas: at most ${MAX_IMPORT_FINDINGS} findings per import, found ${counts.findings}`,
      ]);
    }
    const plan = await this.resolve(draft, roundId, round.unitId);
    const answer = (findingIds: string[]): ImportAnswer => ({
      ...counts,
      publication: draft.publication,
      warnings: draft.warnings,
      findingIds,
      ...(draft.document ? { document: draft.document } : {}),
      ...(draft.corrections ? { corrections: draft.corrections } : {}),
    });
    if (dryRun) {
      const tree = previewOf(draft.areas);
      // A parsed document's preview can be corrected and confirmed; a JSON tree is its own.
      const origin =
        draft.document && !draft.corrections
          ? this.seal.seal({
              kind: draft.document.kind,
              filename: draft.document.filename,
              sha256: draft.document.sha256,
              bytes: draft.document.bytes,
              areas: tree,
              publication: draft.publication,
              issuedAt: new Date().toISOString(),
            })
          : undefined;
      return { ...answer([]), tree, ...(origin ? { origin } : {}) };
    }
    if (counts.findings === 0) {
      throw new BadRequestException(
        draft.warnings.length > 0 ? draft.warnings : ['areas: the import holds no findings'],
      );
    }
    const findingIds = await this.creation.importTree(roundId, plan, actor.userId);
    return { ...answer(findingIds), ...(await this.assign(round, draft, findingIds, actor)) };
  }

  /**
   * 交办 on import: each new finding whose row carries a complete assignment (leader, lead
   * department, due time) gets it through its own `assign` task, as POST /api/rounds/:id/assign
   * does one by one: same checks, same workflow step, same audit. The findings stand whatever
   * happens here; a refused assignment leaves its finding awaiting assignment and is listed
   * with the reason and its place in the import.
   */
  private async assign(
    round: RoundEntity,
    draft: Draft,
    findingIds: string[],
    actor: AuthUser,
  ): Promise<Pick<ImportAnswer, 'assigned' | 'failed'>> {
    const rows = draft.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
    const wanted = rows.flatMap((f, index) => {
      const a = f.assignment;
      if (!a?.responsibleLeaderId || !a.leadDepartmentId || !a.dueAt) return [];
      const longTerm = (f.longTerm ?? false) || f.longTermEntry !== undefined;
      return [
        {
          index,
          findingId: findingIds[index],
          assignment: {
            responsibleLeaderId: a.responsibleLeaderId,
            leadDepartmentId: a.leadDepartmentId,
            coDepartmentIds: a.coDepartmentIds ?? [],
            dueAt: a.dueAt,
            ...(longTerm || a.longTerm ? { longTerm: true } : {}),
          },
        },
      ];
    });
    if (wanted.length === 0) return { assigned: [], failed: [] };
    const open = await this.dataSource.getRepository(TaskEntity).findBy({
      roundId: round.id,
      findingId: In(wanted.map((w) => w.findingId)),
      kind: 'assign',
      status: In(['open', 'claimed']),
    });
    const taskOf = new Map(open.map((t) => [t.findingId, t.id]));
    const { assigned, failed } = await this.batchAssign.assignEach(
      wanted.map((w) => ({ ...w, taskId: taskOf.get(w.findingId) })),
      actor,
    );
    const indexOf = new Map(wanted.map((w) => [w.findingId, w.index]));
    await this.audit.record({
      actorId: actor.userId,
      action: 'round.batch_assigned',
      entityType: 'round',
      entityId: round.id,
      unitId: round.unitId,
      data: { assigned: assigned.length, failed: failed.length, via: 'import' },
    });
    return {
      assigned,
      failed: failed.map((f) => ({ ...f, index: indexOf.get(f.findingId) ?? -1 })),
    };
  }

  private async read(source: ImportSource, round: RoundEntity): Promise<Draft> {
    switch (source.kind) {
      case 'text':
        if (source.text.trim().length === 0)
          throw new BadRequestException(['text: the body is empty (输入为空)']);
        return this.fromText(source.text, round, {
          kind: 'text',
          filename: null,
          sha256: sha256Of(source.text),
          bytes: Buffer.byteLength(source.text),
        });
      case 'json':
        return this.readJson(source.body);
      case 'xlsx':
        return this.readXlsx(source.file, source.filename, round.unitId);
      case 'docx':
      case 'pdf':
        return this.readDocument(source.kind, source.file, source.filename, round);
    }
  }

  private fromText(text: string, round: RoundEntity, document: ImportedDocument): Draft {
    return fromParse(parseRectificationText(text, parseOptions(round)), document);
  }

  /** A Word or PDF report, read and parsed in a worker thread (long ones take a while). */
  private async readDocument(
    kind: DocumentKind,
    file: Buffer,
    filename: string | null,
    round: RoundEntity,
  ): Promise<Draft> {
    let read;
    try {
      read = await this.documents.readReport(kind, file, parseOptions(round));
    } catch (err) {
      if (err instanceof DocumentReadError) throw fileError(err.code, err.message);
      throw err;
    }
    return fromParse(read.parsed, {
      kind,
      filename,
      sha256: sha256Of(file),
      bytes: file.length,
      ...(read.pages !== undefined ? { pages: read.pages } : {}),
      ...(read.paragraphs !== undefined
        ? { paragraphs: read.paragraphs, numbered: read.numbered }
        : {}),
      readMs: Math.round(read.ms),
    });
  }

  private async readJson(body: unknown): Promise<Draft> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequestException(['body must be a JSON object { areas: [...] }']);
    }
    const dto = plainToInstance(ImportTreeDto, body);
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) throw validationException(errors);
    const p = dto.publication;
    const publication: PublicationBlock | null = p
      ? {
          from: p.from ?? null,
          to: p.to ?? null,
          phone: p.phone ?? null,
          email: p.email ?? null,
          address: p.address ?? null,
          postcode: p.postcode ?? null,
        }
      : null;
    const parsed = dto.origin === undefined ? null : this.openOrigin(dto.origin);
    const byRef = new Map<number, ImportPreviewFinding>();
    for (const f of parsed?.areas.flatMap((a) => a.themes.flatMap((t) => t.findings)) ?? [])
      byRef.set(f.ref, f);
    const areas: DraftArea[] = dto.areas.map((a) => ({
      title: a.title,
      themes: a.themes.map((t) => ({
        title: t.title,
        findings: t.findings.map(({ longTermEntry, fromParsed, ...f }) => {
          if (!longTermEntry) return f;
          // The importer's own match stands while the office left the entry where it was.
          const was = fromParsed?.length === 1 ? byRef.get(fromParsed[0]) : undefined;
          const kept =
            was?.longTermEntry?.title === longTermEntry.title &&
            was.longTermEntry.progress === longTermEntry.progress;
          return {
            ...f,
            longTerm: true,
            longTermEntry: {
              title: longTermEntry.title,
              progress: longTermEntry.progress,
              matchedBy: kept && was?.longTermEntry ? was.longTermEntry.match : 'office',
            },
          };
        }),
      })),
    }));
    if (!parsed) {
      return { areas, publication, warnings: [], document: null, corrections: null };
    }
    this.checkRefs(dto, parsedRefs(parsed.areas));
    const corrections: ImportCorrectionView[] = describeCorrections(parsed.areas, dto.areas);
    if (JSON.stringify(parsed.publication) !== JSON.stringify(publication)) {
      corrections.push({ kind: 'publication', from: parsed.publication, to: publication });
    }
    return {
      areas,
      publication,
      warnings: [],
      document: {
        kind: parsed.kind,
        filename: parsed.filename,
        sha256: parsed.sha256,
        bytes: parsed.bytes,
      },
      corrections,
    };
  }

  private openOrigin(token: string): ParsedDocument {
    const parsed = this.seal.open(token);
    if (!parsed) {
      const message =
        'the preview this import was corrected from is unknown, altered or older than a day: preview the document again (预览已失效，请重新预览)';
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`origin: ${message}`],
        errors: [{ field: 'origin', code: 'invalid_origin', message }],
      });
    }
    return parsed;
  }

  /** Every `fromParsed` must name a previewed finding; each unknown one is listed. */
  private checkRefs(dto: ImportTreeDto, known: Set<number>): void {
    const problems: string[] = [];
    dto.areas.forEach((a, ai) =>
      a.themes.forEach((t, ti) =>
        t.findings.forEach((f, fi) => {
          const unknown = (f.fromParsed ?? []).filter((r) => !known.has(r));
          if (unknown.length > 0) {
            problems.push(
              `areas.${ai}.themes.${ti}.findings.${fi}.fromParsed: no previewed finding ${unknown.join(', ')}`,
            );
          }
        }),
      ),
    );
    if (problems.length > 0) throw new BadRequestException(problems);
  }

  private async readXlsx(file: Buffer, filename: string | null, unitId: string): Promise<Draft> {
    if (file.length > XLSX_MAX_BYTES) {
      throw new PayloadTooLargeException(
        `file: an .xlsx import may be at most ${XLSX_MAX_BYTES / 1024 / 1024} MB`,
      );
    }
    try {
      const { tree, warnings } = await readImportSheet(file, await this.organisation(unitId));
      return {
        areas: tree.areas,
        publication: null,
        warnings,
        document: { kind: 'xlsx', filename, sha256: sha256Of(file), bytes: file.length },
        corrections: null,
      };
    } catch (err) {
      if (err instanceof ImportSheetError)
        throw new BadRequestException(fieldErrorBody(400, err.details.map(sheetFieldError)));
      throw err;
    }
  }

  /** The people and departments of the round's unit a sheet may name. */
  private async organisation(unitId: string): Promise<SheetOrganisation> {
    const [departments, users] = await Promise.all([
      this.dataSource.getRepository(DepartmentEntity).find({ where: { unitId } }),
      this.dataSource.getRepository(UserEntity).find({ where: { unitId } }),
    ]);
    return {
      departments: departments.map((d) => ({
        id: d.id,
        code: d.code,
        name: d.name,
        active: d.active,
      })),
      people: users.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        leader: u.roles.includes('leader'),
        active: u.active,
      })),
    };
  }

  /**
   * Department codes and leader usernames → ids, within the round's unit (another unit's are
   * unknown here); every unknown one is listed in one 400.
   */
  private async resolve(draft: Draft, roundId: string, unitId: string): Promise<ImportPlan> {
    const findings = draft.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
    const codes = [
      ...new Set(findings.map((f) => f.leadDepartmentCode).filter((c): c is string => !!c)),
    ];
    const usernames = [
      ...new Set(findings.map((f) => f.responsibleLeaderUsername).filter((u): u is string => !!u)),
    ];
    const departments = codes.length
      ? await this.dataSource
          .getRepository(DepartmentEntity)
          .find({ where: { code: In(codes), unitId } })
      : [];
    const users = usernames.length
      ? await this.dataSource
          .getRepository(UserEntity)
          .find({ where: { username: In(usernames), unitId } })
      : [];
    const deptByCode = new Map(departments.map((d) => [d.code, d.id]));
    const leaderByName = new Map(
      users.filter((u) => u.roles.includes('leader')).map((u) => [u.username, u.id]),
    );
    const problems: string[] = [];
    const unknownCodes = codes.filter((c) => !deptByCode.has(c));
    if (unknownCodes.length > 0)
      problems.push(`leadDepartmentCode: unknown department codes: ${unknownCodes.join(', ')}`);
    const unknownUsers = usernames.filter((u) => !users.some((x) => x.username === u));
    if (unknownUsers.length > 0)
      problems.push(`responsibleLeaderUsername: unknown users: ${unknownUsers.join(', ')}`);
    const notLeaders = usernames.filter(
      (u) => users.some((x) => x.username === u) && !leaderByName.has(u),
    );
    if (notLeaders.length > 0)
      problems.push(`responsibleLeaderUsername: not leaders: ${notLeaders.join(', ')}`);
    if (problems.length > 0) throw new BadRequestException(problems);

    const entries = findings.map((f) => f.longTermEntry ?? null);
    return {
      source: draft.document?.kind ?? 'json',
      publication: draft.publication,
      areas: draft.areas.map((a) => ({
        title: a.title,
        themes: a.themes.map((t) => ({
          title: t.title,
          findings: t.findings.map((f) => ({
            title: f.title,
            measures: f.measures ?? [],
            leadDepartmentId: f.leadDepartmentCode
              ? deptByCode.get(f.leadDepartmentCode)
              : undefined,
            responsibleLeaderId: f.responsibleLeaderUsername
              ? leaderByName.get(f.responsibleLeaderUsername)
              : undefined,
            dueAt: f.dueAt ? new Date(f.dueAt).toISOString() : undefined,
            longTerm: (f.longTerm ?? false) || f.longTermEntry !== undefined,
          })),
        })),
      })),
      auditDetail: {
        ...(draft.document ? { document: draft.document } : {}),
        ...(draft.corrections ? { corrections: draft.corrections } : {}),
        longTermEntries: entries.filter((e) => e !== null).length,
      },
      writeAlongside: async (em, findingIds) => {
        const createdAt = new Date().toISOString();
        const rows = entries.flatMap((entry, i) =>
          entry
            ? [
                {
                  findingId: findingIds[i],
                  roundId,
                  title: entry.title,
                  progress: entry.progress,
                  matchedBy: entry.matchedBy,
                  createdAt,
                },
              ]
            : [],
        );
        for (let i = 0; i < rows.length; i += 200)
          await em.getRepository(LongTermEntryEntity).insert(rows.slice(i, i + 200));
      },
    };
  }
}

/** A sheet's column, as the assignment's field it fills (the others by their own name). */
const SHEET_FIELD: Partial<Record<string, string>> = {
  leader: 'responsibleLeader',
  department: 'leadDepartment',
};

/**
 * A problem of an uploaded sheet as a field error: `file.rows.<row>.<field>` for a cell
 * ("file.rows.3.responsibleLeader"), `file` for the sheet as a whole.
 */
function sheetFieldError(p: SheetProblem): { field: string; code: string; message: string } {
  const field =
    p.row !== null && p.field !== null
      ? `file.rows.${p.row}.${SHEET_FIELD[p.field] ?? p.field}`
      : 'file';
  return { field, code: p.code, message: p.message };
}
