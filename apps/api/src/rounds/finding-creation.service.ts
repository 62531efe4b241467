import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignInput, NewFinding } from '@rectiflow/contracts';
import { RoundEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { FindingWorkflowClient } from '../temporal/finding-workflow.client';
import { placeInRound } from './round-structure';

export interface FindingSpec {
  title: string;
  areaTitle?: string;
  themeTitle?: string;
  measures?: string[];
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  responsibleLeaderId?: string;
  dueAt?: string;
  longTerm?: boolean;
}

/** How many finding workflows an import starts at once. */
const START_CONCURRENCY = 16;

/**
 * Creates findings: numbers them and files them under their area and theme in one
 * transaction, then starts one workflow each and answers when every first task is in the
 * read model.
 */
@Injectable()
export class FindingCreationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workflows: FindingWorkflowClient,
    private readonly audit: AuditService,
  ) {}

  async create(roundId: string, specs: FindingSpec[], actorId: string): Promise<string[]> {
    const findings = await writeTransaction(this.dataSource, async (em) => {
      const round = await em.getRepository(RoundEntity).findOneBy({ id: roundId });
      if (!round) throw new NotFoundException(`round ${roundId} does not exist`);
      const created: NewFinding[] = [];
      let seq = round.findingSeq;
      for (const spec of specs) {
        seq += 1;
        const { area, theme } = await placeInRound(em, roundId, spec.areaTitle, spec.themeTitle);
        created.push({
          id: randomUUID(),
          roundId,
          areaId: area?.id ?? null,
          themeId: theme?.id ?? null,
          code: String(seq).padStart(3, '0'),
          seq,
          title: spec.title.trim(),
          areaTitle: area?.title ?? null,
          themeTitle: theme?.title ?? null,
          measures: (spec.measures ?? []).map((m) => m.trim()).filter((m) => m.length > 0),
          assignment: assignmentOf(spec),
          createdBy: actorId,
        });
      }
      await em.getRepository(RoundEntity).update({ id: roundId }, { findingSeq: seq });
      await this.audit.recordIn(em, {
        actorId,
        action: 'round.findings_added',
        entityType: 'round',
        entityId: roundId,
        data: { count: created.length, findingIds: created.map((f) => f.id) },
      });
      return created;
    });
    await runBounded(findings, START_CONCURRENCY, (f) => this.workflows.start(f));
    return findings.map((f) => f.id);
  }
}

function assignmentOf(spec: FindingSpec): AssignInput | null {
  if (!spec.responsibleLeaderId || !spec.leadDepartmentId || !spec.dueAt) return null;
  return {
    responsibleLeaderId: spec.responsibleLeaderId,
    leadDepartmentId: spec.leadDepartmentId,
    coDepartmentIds: spec.coDepartmentIds ?? [],
    dueAt: spec.dueAt,
    longTerm: spec.longTerm ?? false,
  };
}

/** Runs `fn` over `items` with at most `limit` in flight; rejects with the first failure. */
export async function runBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(lanes);
}
