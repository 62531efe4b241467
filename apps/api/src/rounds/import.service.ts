import { BadRequestException, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, In } from 'typeorm';
import type { ImportAnswer } from '@rectiflow/contracts';
import { parseRectificationText } from '@rectiflow/importer';
import {
  DepartmentEntity,
  UserEntity,
  type PublicationBlock,
  type RoundEntity,
} from '@rectiflow/persistence';
import { ImportSheetError, readImportSheet, type ImportTree } from '@rectiflow/reports';
import type { AuthUser } from '../auth/auth.decorators';
import { validationMessages } from '../http/validation-messages';
import { ImportTreeDto, MAX_IMPORT_FINDINGS } from './dto/import-tree.dto';
import { FindingCreationService, type ImportPlan } from './finding-creation.service';
import { RoundsService } from './rounds.service';

export type ImportSource =
  { kind: 'text'; text: string } | { kind: 'json'; body: unknown } | { kind: 'xlsx'; file: Buffer };

interface Draft {
  tree: ImportTree;
  publication: PublicationBlock | null;
  warnings: string[];
}

/**
 * Reads an import (genre text, structured JSON or the XLSX template), checks every name in it
 * against the organisation, and hands the whole tree to FindingCreationService in one call.
 * Nothing is written before everything has been read and checked.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    private readonly creation: FindingCreationService,
  ) {}

  async import(
    roundId: string,
    source: ImportSource,
    dryRun: boolean,
    actor: AuthUser,
  ): Promise<ImportAnswer> {
    const round = await this.rounds.mustManage(roundId, actor);
    const draft = await this.read(source, round);
    const counts = countTree(draft.tree);
    if (counts.findings > MAX_IMPORT_FINDINGS) {
      throw new BadRequestException([
        `areas: at most ${MAX_IMPORT_FINDINGS} findings per import, found ${counts.findings}`,
      ]);
    }
    const plan = await this.resolve(draft, source.kind, round.unitId);
    const answer = (findingIds: string[]): ImportAnswer => ({
      ...counts,
      publication: draft.publication,
      warnings: draft.warnings,
      findingIds,
    });
    if (dryRun) return { ...answer([]), tree: draft.tree.areas };
    if (counts.findings === 0) {
      throw new BadRequestException(
        draft.warnings.length > 0 ? draft.warnings : ['areas: the import holds no findings'],
      );
    }
    return answer(await this.creation.importTree(roundId, plan, actor.userId));
  }

  private async read(source: ImportSource, round: RoundEntity): Promise<Draft> {
    switch (source.kind) {
      case 'text':
        return this.readText(source.text, round);
      case 'json':
        return this.readJson(source.body);
      case 'xlsx':
        return this.readXlsx(source.file);
    }
  }

  private readText(text: string, round: RoundEntity): Draft {
    if (text.trim().length === 0)
      throw new BadRequestException(['text: the body is empty (输入为空)']);
    // Dates written without a year ("4月27日至5月11日") belong to the year of the feedback.
    const year = Number((round.feedbackDate ?? round.createdAt).slice(0, 4));
    const parsed = parseRectificationText(text, {
      defaultYear: Number.isInteger(year) ? year : undefined,
    });
    const tree: ImportTree = {
      areas: parsed.areas.map((a) => ({
        title: a.title,
        themes: a.themes.map((t) => ({
          title: t.title,
          findings: t.findings.map((f) => ({
            title: f.title,
            measures: f.measures,
            longTerm: f.longTerm,
          })),
        })),
      })),
    };
    return { tree, publication: parsed.publication, warnings: parsed.warnings };
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
    if (errors.length > 0) throw new BadRequestException(validationMessages(errors));
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
    return { tree: { areas: dto.areas }, publication, warnings: [] };
  }

  private async readXlsx(file: Buffer): Promise<Draft> {
    try {
      const { tree, warnings } = await readImportSheet(file);
      return { tree, publication: null, warnings };
    } catch (err) {
      if (err instanceof ImportSheetError)
        throw new BadRequestException(err.problems.map((p) => `file: ${p}`));
      throw err;
    }
  }

  /**
   * Department codes and leader usernames → ids, within the round's unit (another unit's are
   * unknown here); every unknown one is listed in one 400.
   */
  private async resolve(
    draft: Draft,
    kind: ImportSource['kind'],
    unitId: string,
  ): Promise<ImportPlan> {
    const findings = draft.tree.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
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

    return {
      source: kind,
      publication: draft.publication,
      areas: draft.tree.areas.map((a) => ({
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
            longTerm: f.longTerm ?? false,
          })),
        })),
      })),
    };
  }
}

function countTree(tree: ImportTree) {
  const counts = {
    areas: tree.areas.length,
    themes: 0,
    findings: 0,
    measures: 0,
    longTermItems: 0,
  };
  for (const a of tree.areas) {
    counts.themes += a.themes.length;
    for (const t of a.themes) {
      counts.findings += t.findings.length;
      for (const f of t.findings) {
        counts.measures += (f.measures ?? []).length;
        if (f.longTerm) counts.longTermItems++;
      }
    }
  }
  return counts;
}
