import type {
  FindingDetail,
  PublicationList,
  PublicationView,
  PublicRoundView,
} from '@rectiflow/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { isWithholdReason, windowOpen, zonedDay } from '@rectiflow/domain';
import { FindingEntity, PublicationEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { sha256Of } from '../evidence/evidence-store';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { ReportsService } from '../reports/reports.service';
import { RoundsService } from '../rounds/rounds.service';
import type { DisclosureDto, PublishRoundDto } from './dto/publication.dto';

export function publicationView(p: PublicationEntity): PublicationView {
  return {
    id: p.id,
    roundId: p.roundId,
    version: p.version,
    slug: p.slug,
    title: p.title,
    from: p.from,
    to: p.to,
    textHash: p.textHash,
    withheldCount: p.withheldCount,
    publishedBy: p.publishedBy,
    publishedAt: p.publishedAt,
  };
}

/** The newest publication under a slug: what the public page shows and comments are taken on. */
export async function newestPublication(
  dataSource: DataSource,
  slug: string,
): Promise<PublicationEntity> {
  const row = await dataSource
    .getRepository(PublicationEntity)
    .findOne({ where: { slug }, order: { version: 'DESC' } });
  if (!row) throw new NotFoundException('no publication has this address');
  return row;
}

/** 128 random bits, base64url: unguessable, safe in a URL path. */
function newSlug(): string {
  return randomBytes(16).toString('base64url');
}

/** A database's refusal of a second row under a unique index (SQLite and PostgreSQL). */
function uniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

/**
 * 公开: the office publishes a round's public report for its window, frozen with its hash; the
 * public page reads the newest publication by its slug; the office marks findings withheld
 * from the public version (不予公开) with a recognised reason.
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    private readonly reports: ReportsService,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private today(): string {
    return zonedDay(Date.now(), this.config.env.ORG_TIMEZONE);
  }

  /**
   * Publishes the public version as of now for the window (what the body leaves out comes from
   * the round's imported 公开期限). A re-publication is a new frozen row under the round's
   * slug, so the link already handed out shows the newest text and the earlier ones stay.
   */
  async publish(roundId: string, dto: PublishRoundDto, actor: AuthUser): Promise<PublicationView> {
    const round = await this.rounds.mustSee(roundId, actor);
    const from = dto.from ?? round.publication?.from ?? null;
    const to = dto.to ?? round.publication?.to ?? null;
    if (!from)
      throw fieldError(
        'from',
        'required',
        'from is required: the round has no 公开期限 to start from',
      );
    if (!to)
      throw fieldError('to', 'required', 'to is required: the round has no 公开期限 to end on');
    if (to < from) throw fieldError('to', 'range_reversed', 'to must not be earlier than from');
    const { title, text, withheldCount } = await this.reports.publicText(round, actor, {
      from,
      to,
    });
    const contacts = {
      phone: round.publication?.phone ?? null,
      email: round.publication?.email ?? null,
      address: round.publication?.address ?? null,
      postcode: round.publication?.postcode ?? null,
    };
    try {
      return await writeTransaction(this.dataSource, async (em) => {
        const repo = em.getRepository(PublicationEntity);
        const latest = await repo.findOne({ where: { roundId }, order: { version: 'DESC' } });
        const row: PublicationEntity = {
          id: randomUUID(),
          roundId,
          unitId: round.unitId,
          version: (latest?.version ?? 0) + 1,
          slug: latest?.slug ?? newSlug(),
          title,
          text,
          textHash: sha256Of(text),
          from,
          to,
          contacts,
          withheldCount,
          publishedBy: actor.userId,
          publishedAt: new Date().toISOString(),
        };
        await repo.insert(row);
        await this.audit.recordIn(em, {
          actorId: actor.userId,
          action: 'round.published',
          entityType: 'round',
          entityId: roundId,
          unitId: round.unitId,
          data: {
            publicationId: row.id,
            version: row.version,
            from,
            to,
            textHash: row.textHash,
            withheldCount,
          },
        });
        return publicationView(row);
      });
    } catch (err) {
      if (uniqueViolation(err))
        throw new ConflictException('the round was being published at the same time: try again');
      throw err;
    }
  }

  /** The round's publications, newest first. */
  async list(roundId: string, actor: AuthUser): Promise<PublicationList> {
    await this.rounds.mustSee(roundId, actor);
    const rows = await this.dataSource
      .getRepository(PublicationEntity)
      .find({ where: { roundId }, order: { version: 'DESC' } });
    return { items: rows.map(publicationView) };
  }

  /** The public page: the newest publication under the slug, open while today is in its window. */
  async publicRound(slug: string): Promise<PublicRoundView> {
    const p = await newestPublication(this.dataSource, slug);
    return {
      title: p.title,
      text: p.text,
      from: p.from,
      to: p.to,
      open: windowOpen(p, this.today()),
      contacts: p.contacts,
      withheldCount: p.withheldCount,
      textHash: p.textHash,
      publishedAt: p.publishedAt,
    };
  }

  /**
   * Withholds a finding from the public version (不予公开) with a recognised reason, or tells
   * it again. Audited on the finding, so its history shows it; no change, no event.
   */
  async setDisclosure(id: string, dto: DisclosureDto, actor: AuthUser): Promise<FindingDetail> {
    await this.findings.findVisible(id, actor);
    const withheld = dto.withheld;
    const reason = withheld && isWithholdReason(dto.reason) ? dto.reason : null;
    await writeTransaction(this.dataSource, async (em) => {
      const repo = em.getRepository(FindingEntity);
      const f = await repo.findOneByOrFail({ id });
      if (f.withheld === withheld && (f.withheldReason ?? null) === reason) return;
      await repo.update({ id }, { withheld, withheldReason: reason });
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: withheld ? 'finding.withheld' : 'finding.disclosed',
        entityType: 'finding',
        entityId: id,
        findingId: id,
        unitId: f.unitId,
        data: {
          withheld,
          reason,
          before: { withheld: f.withheld, reason: f.withheldReason ?? null },
        },
      });
    });
    return this.findings.detail(id, actor);
  }
}
