import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { UNPLACED_AREA_TITLE } from '@rectiflow/importer';
import { AreaEntity, ThemeEntity } from '@rectiflow/persistence';

/**
 * Where findings are filed in a round: its areas (聚焦…方面) and themes (问题类别), in order.
 * One placement for every way findings come in: an imported document names its areas and
 * themes in document order, a finding added by hand names one of each.
 *
 * An area (theme) whose title the round already had before this placement is reused, once:
 * importing into a round appends to it, and a finding added by hand joins its area. A title
 * repeated within one placement gets a row of its own, as a document keeps such parts apart.
 * Rows are written as they are placed, inside the caller's transaction.
 */
export class RoundOutline {
  /** Rows this placement wrote (a rolled-back creation deletes them again). */
  readonly newAreaIds: string[] = [];
  readonly newThemeIds: string[] = [];

  private constructor(
    private readonly em: EntityManager,
    private readonly roundId: string,
    private readonly reusableAreas: Map<string, AreaEntity>,
    private areaSeq: number,
  ) {}

  static async load(em: EntityManager, roundId: string): Promise<RoundOutline> {
    const areas = await em
      .getRepository(AreaEntity)
      .find({ where: { roundId }, order: { seq: 'ASC' } });
    const reusable = new Map<string, AreaEntity>();
    for (const a of areas) if (!reusable.has(a.title)) reusable.set(a.title, a);
    return new RoundOutline(
      em,
      roundId,
      reusable,
      areas.reduce((m, a) => Math.max(m, a.seq), 0),
    );
  }

  /** The next area titled `title` (a blank title files it as 未归类). */
  async area(title: string): Promise<PlacedArea> {
    const clean = title.trim() || UNPLACED_AREA_TITLE;
    let area = this.reusableAreas.get(clean);
    this.reusableAreas.delete(clean);
    if (area) return PlacedArea.existing(this.em, area, this.newThemeIds);
    area = { id: randomUUID(), roundId: this.roundId, seq: ++this.areaSeq, title: clean };
    await this.em.getRepository(AreaEntity).insert(area);
    this.newAreaIds.push(area.id);
    return PlacedArea.fresh(this.em, area, this.newThemeIds);
  }
}

/** An area being filled: its themes, placed by the same rule as areas. */
export class PlacedArea {
  private constructor(
    private readonly em: EntityManager,
    readonly area: AreaEntity,
    private readonly reusableThemes: Map<string, ThemeEntity>,
    private themeSeq: number,
    private readonly newThemeIds: string[],
  ) {}

  static async existing(
    em: EntityManager,
    area: AreaEntity,
    newThemeIds: string[],
  ): Promise<PlacedArea> {
    const themes = await em
      .getRepository(ThemeEntity)
      .find({ where: { areaId: area.id }, order: { seq: 'ASC' } });
    const reusable = new Map<string, ThemeEntity>();
    for (const t of themes) if (!reusable.has(t.title)) reusable.set(t.title, t);
    return new PlacedArea(
      em,
      area,
      reusable,
      themes.reduce((m, t) => Math.max(m, t.seq), 0),
      newThemeIds,
    );
  }

  static fresh(em: EntityManager, area: AreaEntity, newThemeIds: string[]): PlacedArea {
    return new PlacedArea(em, area, new Map(), 0, newThemeIds);
  }

  /** The next theme titled `title` in this area. */
  async theme(title: string): Promise<ThemeEntity> {
    const clean = title.trim();
    let theme = this.reusableThemes.get(clean);
    this.reusableThemes.delete(clean);
    if (theme) return theme;
    theme = {
      id: randomUUID(),
      roundId: this.area.roundId,
      areaId: this.area.id,
      seq: ++this.themeSeq,
      title: clean,
    };
    await this.em.getRepository(ThemeEntity).insert(theme);
    this.newThemeIds.push(theme.id);
    return theme;
  }
}
