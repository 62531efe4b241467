import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AreaEntity, ThemeEntity } from '@rectiflow/persistence';

/** Finds or creates the area and theme a finding is filed under (by title, within the round). */
export async function placeInRound(
  em: EntityManager,
  roundId: string,
  areaTitle: string | undefined,
  themeTitle: string | undefined,
): Promise<{ area: AreaEntity | null; theme: ThemeEntity | null }> {
  if (!areaTitle && !themeTitle) return { area: null, theme: null };
  const areas = em.getRepository(AreaEntity);
  const aTitle = areaTitle?.trim() || '未归类';
  let area = await areas.findOneBy({ roundId, title: aTitle });
  if (!area) {
    area = {
      id: randomUUID(),
      roundId,
      seq: (await areas.countBy({ roundId })) + 1,
      title: aTitle,
    };
    await areas.insert(area);
  }
  if (!themeTitle?.trim()) return { area, theme: null };
  const themes = em.getRepository(ThemeEntity);
  let theme = await themes.findOneBy({ areaId: area.id, title: themeTitle.trim() });
  if (!theme) {
    theme = {
      id: randomUUID(),
      roundId,
      areaId: area.id,
      seq: (await themes.countBy({ areaId: area.id })) + 1,
      title: themeTitle.trim(),
    };
    await themes.insert(theme);
  }
  return { area, theme };
}
